import Foundation

/// The `data` of a query's answer: series with labels and samples. Prometheus sends sample
/// values as strings (`"NaN"`, `"+Inf"` included) and timestamps as float seconds.
public struct PrometheusResult: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case vector, matrix, scalar, string
    }

    public struct Sample: Sendable, Equatable {
        public var time: Date
        /// NaN when Prometheus says `NaN`; the text of a `string` result is in `Series.text`.
        public var value: Double
    }

    public struct Series: Sendable, Equatable {
        public var labels: [String: String]
        /// One sample for a vector or scalar, many for a matrix, oldest first.
        public var samples: [Sample]

        /// `__name__{a="1",b="2"}`, for showing a series.
        public var name: String {
            let name = labels["__name__"] ?? ""
            let rest = labels.filter { $0.key != "__name__" }.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
            return rest.isEmpty ? (name.isEmpty ? "{}" : name) : "\(name){\(rest.joined(separator: ","))}"
        }
    }

    public var kind: Kind
    public var series: [Series]
    /// Prometheus's warnings (a query that touched too much data).
    public var warnings: [String]
}

/// Decodes Prometheus's JSON envelope.
enum PrometheusResponse {
    private struct Envelope: Decodable {
        var status: String
        var data: DataBlock?
        var errorType: String?
        var error: String?
        var warnings: [String]?
    }

    private struct DataBlock: Decodable {
        var resultType: String
        var result: ResultValue
    }

    /// `result` is a list of series (vector, matrix) or one `[time, "value"]` pair (scalar, string).
    private enum ResultValue: Decodable {
        case series([SeriesBody])
        case pair(Pair)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let series = try? container.decode([SeriesBody].self) {
                self = .series(series)
            } else {
                self = .pair(try container.decode(Pair.self))
            }
        }
    }

    private struct SeriesBody: Decodable {
        var metric: [String: String]
        var value: Pair?
        var values: [Pair]?
    }

    /// `[1435781451.781, "1"]`.
    private struct Pair: Decodable {
        var time: Double
        var text: String

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            time = try container.decode(Double.self)
            text = try container.decode(String.self)
        }

        var sample: PrometheusResult.Sample {
            PrometheusResult.Sample(time: Date(timeIntervalSince1970: time), value: Self.number(text))
        }

        static func number(_ text: String) -> Double {
            switch text {
            case "+Inf", "Inf": .infinity
            case "-Inf": -.infinity
            default: Double(text) ?? .nan
            }
        }
    }

    /// The result of a successful answer, or the error Prometheus explained.
    static func decode(_ body: Data, status: Int) throws(PrometheusError) -> PrometheusResult {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: body)
        } catch {
            throw status == 200 ? .invalidResponse(detail: "\(error)") : failure(status: status, message: nil)
        }
        guard envelope.status == "success", status == 200, let data = envelope.data else {
            throw failure(status: status, message: envelope.error)
        }
        let kind = PrometheusResult.Kind(rawValue: data.resultType) ?? .vector
        let series: [PrometheusResult.Series]
        switch data.result {
        case .series(let bodies):
            series = bodies.map { body in
                .init(labels: body.metric, samples: (body.values ?? body.value.map { [$0] } ?? []).map(\.sample))
            }
        case .pair(let pair):
            series = [.init(labels: kind == .string ? ["value": pair.text] : [:], samples: [pair.sample])]
        }
        return PrometheusResult(kind: kind, series: series, warnings: envelope.warnings ?? [])
    }

    private static func failure(status: Int, message: String?) -> PrometheusError {
        switch status {
        case 400, 422: .badQuery(message ?? "HTTP \(status)")
        case 401, 403: .unauthorized
        case 503: .aborted(message ?? "HTTP 503")
        default: .server(status: status)
        }
    }
}
