/// One line of `GET /nodes/{node}/tasks/{upid}/log`.
public struct TaskLogLine: Sendable, Hashable, Decodable {
    /// Line number, from 1.
    public var n: Int
    /// The text; the last line is `TASK OK` or `TASK ERROR: ...` once the task ended.
    public var t: String

    public init(n: Int, t: String) {
        self.n = n
        self.t = t
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        n = try c.requiredInt("n")
        t = c.lenientString("t") ?? ""
    }
}
