import Foundation

/// A program a test talks to that is not part of this repository: a real exporter, SMTP server or
/// Python package, which `.ci/run` installs.
///
/// Without its peer a test is skipped on a developer's machine, but fails under CI (the environment
/// variable `CI` set, as `.ci/run` does): there a missing peer is a broken setup, and a skipped test
/// would hide it. Use it as the condition of a trait:
/// ```swift
/// @Test("…", .enabled(if: try TestPeer.check("proxmoxer (PVE_PYTHON)", present: pythonPath != nil)))
/// @Test("…", .enabled { try TestPeer.check("jsonschema", present: await probe()) })
/// ```
/// (A condition that throws fails the test with the error, where `false` skips it.)
public enum TestPeer {
    /// Why a test failed under CI: its peer is missing.
    public struct Missing: Error, CustomStringConvertible {
        public let peer: String

        public var description: String {
            "\(peer) is missing, and CI is set: this test must run in CI (.ci/run installs what it needs)"
        }
    }

    /// True when the peer is `present`; false (the test is skipped) when it is not, unless this is CI,
    /// where it throws `Missing` (the test fails).
    ///
    /// - Parameter peer: what is missing and how to provide it, for the message: `"aiosmtpd (SMTP_PYTHON)"`.
    public static func check(_ peer: String, present: Bool,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws(Missing) -> Bool {
        if present { return true }
        if isCI(environment) { throw Missing(peer: peer) }
        return false
    }

    /// Whether `environment` says this is CI: `CI` set to anything but empty, `0` or `false`.
    public static func isCI(_ environment: [String: String]) -> Bool {
        guard let value = environment["CI"]?.lowercased() else { return false }
        return !["", "0", "false"].contains(value)
    }
}
