extension Collection where Element: Sendable {
    /// `transform` of every element, in order, with at most `limit` calls running at once: one
    /// Proxmox request per guest or node without opening hundreds at a time. The first error
    /// cancels the rest and is thrown.
    func concurrentMap<T: Sendable>(limit: Int, _ transform: @escaping @Sendable (Element) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results: [(Int, T)] = []
            results.reserveCapacity(count)
            for (index, element) in enumerated() {
                if index >= limit, let finished = try await group.next() { results.append(finished) }
                group.addTask {
                    let value = try await transform(element)
                    return (index, value)
                }
            }
            for try await finished in group { results.append(finished) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
