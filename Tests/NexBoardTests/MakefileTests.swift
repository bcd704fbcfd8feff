import Foundation
import NexBoardTesting
import Testing

/// The README's two commands, `make demo` and `make test`, as `make -n` plans them, with dpkg's answer
/// faked through the Makefile's DPKG_QUERY variable.
@Suite("The Makefile's make demo and make test",
       .enabled(if: try TestPeer.check("make", present: FileManager.default.isExecutableFile(atPath: "/usr/bin/make"))))
struct MakefileTests {
    static let install = "apt-get update -q && apt-get install -y -q --no-install-recommends"

    /// Runs make in the repository as if typed at a shell: not as a sub-make of `make test`, whose
    /// MAKEFLAGS and MAKELEVEL would pass its settings on and add "Entering directory" lines.
    static func make(_ arguments: [String]) async throws -> ChildProcess.Result {
        let environment = ProcessInfo.processInfo.environment.filter { !["MAKEFLAGS", "MFLAGS", "MAKELEVEL"].contains($0.key) }
        return try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/make"), arguments: arguments, directory: RepositoryPaths.root,
                                          environment: environment)
    }

    /// Runs make in the repository with a fake dpkg-query that knows only `installed` as installed.
    func make(_ arguments: [String], installed: [String]) async throws -> ChildProcess.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nexboard-make-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = folder.appendingPathComponent("dpkg-query")
        // Called as: dpkg-query -W -f='${Status}\n' PACKAGE
        try """
        for package; do :; done
        case " \(installed.joined(separator: " ")) " in *" $package "*) echo 'install ok installed' ;; *) exit 1 ;; esac
        """.write(to: fake, atomically: true, encoding: .utf8)
        // Run through sh, not executed itself: a child started meanwhile by another test could still
        // hold the file open for writing, and executing it would then fail (ETXTBSY).
        return try await Self.make(arguments + ["DPKG_QUERY=/bin/sh \(fake.path)"])
    }

    @Test("with the libraries installed, make demo only runs the demo and make test only .ci/run")
    func nothingMissing() async throws {
        let everything = ["libsqlite3-dev", "libcurl4-openssl-dev", "python3-venv", "prometheus", "chromium", "novnc", "libjs-term.js"]
        let demo = try await make(["-n", "demo", "USER_ID=1000", "SUDO="], installed: everything)
        #expect(demo.status == 0, "\(demo.errors)")
        #expect(demo.output == "swift run nexboard demo\n")
        #expect(try await make(["-n", "test", "USER_ID=1000", "SUDO="], installed: everything).output == ".ci/run\n")
    }

    @Test("as root, make demo installs only the missing library before the demo")
    func missingAsRoot() async throws {
        let result = try await make(["-n", "demo", "USER_ID=0"], installed: ["libsqlite3-dev"])
        #expect(result.output == "\(Self.install) libcurl4-openssl-dev\nswift run nexboard demo\n", "\(result.errors)")
    }

    @Test("as another user, the packages are installed through sudo; make test adds python3-venv, prometheus and the console page's browser")
    func missingWithSudo() async throws {
        let demo = try await make(["-n", "demo", "USER_ID=1000", "SUDO=/usr/bin/sudo"], installed: [])
        #expect(demo.output.hasPrefix("/usr/bin/sudo apt-get update -q && /usr/bin/sudo apt-get install -y -q --no-install-recommends libsqlite3-dev libcurl4-openssl-dev\n"),
                "\(demo.output)")
        let test = try await make(["-n", "test", "USER_ID=1000", "SUDO=/usr/bin/sudo"], installed: ["libsqlite3-dev", "libcurl4-openssl-dev"])
        #expect(test.output.hasSuffix("install -y -q --no-install-recommends python3-venv prometheus chromium novnc libjs-term.js\n.ci/run\n"),
                "\(test.output)")
    }

    @Test("without root and without sudo, make demo stops before the build and says what to run as root")
    func missingWithoutSudo() async throws {
        let result = try await make(["demo", "USER_ID=1000", "SUDO="], installed: ["libsqlite3-dev"])
        #expect(result.status != 0)
        #expect(result.errors.contains("Missing packages: libcurl4-openssl-dev. As root, run: apt-get update && apt-get install -y libcurl4-openssl-dev"),
                "\(result.errors)")
        #expect(!result.output.contains("swift run"))
    }

    @Test("without dpkg (macOS), nothing is installed")
    func noDpkg() async throws {
        let result = try await Self.make(["-n", "demo", "DPKG_QUERY=/nonexistent/dpkg-query"])
        #expect(result.output == "swift run nexboard demo\n", "\(result.errors)")
    }
}
