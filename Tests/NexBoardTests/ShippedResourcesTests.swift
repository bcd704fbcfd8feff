import Alerting
import Foundation
@testable import NexBoard
import NexBoardCore
import NexBoardTesting
import Testing

/// The files compiled into the binary by the EmbedShippedFiles plugin are the repository's files.
@Suite("The resources built into NexBoard")
struct ShippedResourcesTests {
    @Test("the built-in catalog is commands/")
    func catalog() throws {
        let builtIn = try ShippedResources.catalog()
        let folder = try CommandCatalog.load(directory: RepositoryPaths.commands)
        #expect(try Platforms.export(builtIn, as: .markdown) == Platforms.export(folder, as: .markdown))
        #expect(try Platforms.export(builtIn, as: .discord) == Platforms.export(folder, as: .discord))
    }

    @Test("a catalog folder, when given, is used instead; a missing one is a catalog error")
    func catalogFolder() throws {
        let folder = try ShippedResources.catalog(directory: RepositoryPaths.commands)
        #expect(folder.commands.map(\.name) == (try ShippedResources.catalog()).commands.map(\.name))
        #expect(throws: CatalogError.self) { try ShippedResources.catalog(directory: "/nonexistent-nexboard/commands") }
    }

    @Test("the built-in demo configuration is config/demo.yaml")
    func demoConfiguration() throws {
        var builtIn = try ShippedResources.demoConfiguration(environment: [:])
        let file = try ConfigLoader.load(path: RepositoryPaths.file("config/demo.yaml"), environment: [:])
        // Only the default data folder differs: it is relative to the file's folder, or to the current one.
        #expect(builtIn.dataDirectory == URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("data").standardizedFileURL.path)
        builtIn.dataDirectory = file.dataDirectory
        #expect(builtIn == file)
    }

    @Test("the built-in alert rules are config/alerts.yaml")
    func alertRules() throws {
        let builtIn = try ShippedResources.alertRules()
        let file = try AlertRulesFile.load(path: RepositoryPaths.file("config/alerts.yaml"))
        #expect(builtIn.rules == file.rules)
        #expect(builtIn.muteTag == file.muteTag && builtIn.repeatInterval == file.repeatInterval)
        #expect(builtIn.rules.map(\.name).contains("cluster-unreachable"))
    }
}
