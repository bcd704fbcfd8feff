/// "Did you mean" suggestions by Levenshtein distance.
public enum Suggestions {
    /// The candidates closest to `input`, best first, within a distance that grows with the input's length.
    public static func closest(to input: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let needle = input.lowercased()
        let threshold = max(2, needle.count / 3)
        var scored: [(String, Int)] = []
        for candidate in candidates {
            let lowered = candidate.lowercased()
            let distance = lowered.hasPrefix(needle) && !needle.isEmpty ? 1 : editDistance(needle, lowered)
            if distance <= threshold { scored.append((candidate, distance)) }
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// " Did you mean `a` or `b`?" or the empty string.
    public static func didYouMean(_ suggestions: [String]) -> String {
        guard !suggestions.isEmpty else { return "" }
        let quoted = suggestions.map { "`\($0)`" }
        let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
        return " Did you mean \(list)?"
    }
}
