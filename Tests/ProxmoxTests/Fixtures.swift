import Foundation

/// Loads the JSON fixtures copied from the reference recordings.
enum Fixtures {
    static func data(_ name: String) throws -> Data {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
        return try Data(contentsOf: url)
    }
}
