/*
 The nearest Double to a decimal of up to 19 significant digits with up to 19 of them after the
 point (`0.16040300664753065`: PVE writes a guest's CPU with 17), without going through text and
 `strtod`. Clinger's fast path covers significands below 2^53; these larger ones are read with the
 Eisel–Lemire method (Lemire, "Number Parsing at a Gigabyte per Second", 2021; Mushtak and Lemire,
 "Fast Number Parsing Without Fallback", 2023): the significand times a 128-bit truncation of 5^-k,
 whose top bits are the correctly rounded mantissa.
 */

enum DecimalToDouble {
    /// `significand × 10^-k`, correctly rounded; `significand` ≠ 0, 1 ≤ k ≤ 19.
    static func value(_ significand: UInt64, tenToMinus k: Int) -> Double {
        precondition(significand != 0 && (1...19).contains(k), "outside the range the table covers")
        let q = -k
        let zeros = significand.leadingZeroBitCount
        let normalized = significand << zeros
        let power = fivesToMinus[k]
        var (high, low) = normalized.multipliedFullWidth(by: power.high)
        // The low 9 bits (below the 55 that round the mantissa) all ones: the next 64 bits of the power decide.
        if high & 0x1FF == 0x1FF {
            let second = normalized.multipliedFullWidth(by: power.low)
            let (sum, carried) = low.addingReportingOverflow(second.high)
            low = sum
            if carried { high &+= 1 }
        }
        let upperBit = Int(high >> 63)
        let shift = upperBit + 64 - 52 - 3
        var mantissa = high >> shift
        // The binary exponent: ⌊q × log2(10)⌋ + 63 (217706 / 2^16 ≈ log2(10)), biased.
        var exponent = ((217_706 * q) >> 16) + 63 + upperBit - zeros + 1023
        // Exactly halfway between two Doubles (only possible for small k): round to even.
        if low <= 1, q >= -4, mantissa & 3 == 1, mantissa << shift == high { mantissa &= ~1 }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            exponent += 1
        }
        mantissa &= ~(1 << 52)
        // 1e-19 ≤ value < 2^64: never subnormal, never infinite.
        return Double(bitPattern: UInt64(exponent) << 52 | mantissa)
    }

    /// ⌊2^b / 5^k⌋ + 1 for k in 1...19, b chosen so that it has exactly 128 bits (index 0 unused).
    private static let fivesToMinus: [(high: UInt64, low: UInt64)] = [(0, 0)] + (1...19).map { k in
        var five: UInt64 = 1
        for _ in 0..<k { five *= 5 }
        // 2^z ≥ 5^k > 2^(z-1); 2^(z+127) / 5^k lies in [2^127, 2^128).
        let z = 64 - (five - 1).leadingZeroBitCount
        let b = z + 127
        // 2^b as three words, most significant first, divided by 5^k a word at a time.
        var words: [UInt64] = [0, 0, 0]
        words[2 - b / 64] = 1 << (b % 64)
        var remainder: UInt64 = 0
        var quotient: [UInt64] = []
        for word in words {
            let (part, rest) = five.dividingFullWidth((high: remainder, low: word))
            quotient.append(part)
            remainder = rest
        }
        precondition(quotient[0] == 0 && quotient[1] >> 63 == 1, "5^-\(k) is not 128 bits wide")
        let (low, carried) = quotient[2].addingReportingOverflow(1)
        return (quotient[1] &+ (carried ? 1 : 0), low)
    }
}
