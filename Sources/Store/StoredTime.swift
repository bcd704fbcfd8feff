import Foundation

/// Times are stored as whole milliseconds since the Unix epoch (INTEGER columns named `*_ms`).
///
/// Converting through this type is exact both ways for any date that already went through it, so a
/// record returned by `create` compares equal to the same record read back later.
enum StoredTime {
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `date` rounded to the stored precision.
    static func normalized(_ date: Date) -> Date {
        self.date(milliseconds(date))
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.wholeMilliseconds
    }
}
