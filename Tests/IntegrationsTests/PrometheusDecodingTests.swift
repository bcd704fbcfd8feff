import Foundation
import Testing
@testable import Integrations

/// Answers as Prometheus's HTTP API documents them (../shared/reference/prometheus).
@Suite("Prometheus answers")
struct PrometheusDecodingTests {
    private func decode(_ json: String, status: Int = 200) throws(PrometheusError) -> PrometheusResult {
        try PrometheusResponse.decode(Data(json.utf8), status: status)
    }

    @Test("an instant vector has labels and one sample, values read from strings, times from float seconds")
    func vector() throws {
        let result = try decode("""
        {"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"__name__":"up","job":"prometheus","instance":"localhost:9090"},"value":[1435781451.781,"1"]},
          {"metric":{"__name__":"up","job":"node","instance":"localhost:9100"},"value":[1435781451.781,"NaN"]}]}}
        """)
        #expect(result.kind == .vector)
        #expect(result.series.count == 2)
        #expect(result.series[0].samples == [.init(time: Date(timeIntervalSince1970: 1435781451.781), value: 1)])
        #expect(result.series[1].samples[0].value.isNaN)
        #expect(result.series[0].name == #"up{instance="localhost:9090",job="prometheus"}"#)
    }

    @Test("a range matrix has many samples per series, and a scalar one pair")
    func matrixAndScalar() throws {
        let matrix = try decode("""
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"id":"node/pve1"},"values":[[1435781430.781,"0.5"],[1435781445.781,"+Inf"],[1435781460.781,"0.25"]]}]}}
        """)
        #expect(matrix.kind == .matrix)
        #expect(matrix.series[0].samples.map(\.value).last == 0.25)
        #expect(matrix.series[0].samples[1].value == .infinity)
        let scalar = try decode(#"{"status":"success","data":{"resultType":"scalar","result":[1435781451.781,"42"]}}"#)
        #expect(scalar.series.first?.samples.first?.value == 42)
        #expect(scalar.series.first?.name == "{}")
    }

    @Test("a bad query is Prometheus's own explanation; other failures say what happened without details")
    func errors() {
        #expect(throws: PrometheusError.badQuery("parse error: unexpected end of input")) {
            try decode(#"{"status":"error","errorType":"bad_data","error":"parse error: unexpected end of input"}"#, status: 400)
        }
        #expect(throws: PrometheusError.aborted("query timed out in expression evaluation")) {
            try decode(#"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#, status: 503)
        }
        #expect(throws: PrometheusError.unauthorized) { try decode("Unauthorized", status: 401) }
        #expect(throws: PrometheusError.server(status: 502)) { try decode("<html>bad gateway</html>", status: 502) }
        #expect(PrometheusError.badQuery("parse error").userMessage == "Prometheus rejected the query: parse error")
    }

    @Test("the exporter's queries name the series, escaped")
    func exporterQueries() {
        #expect(PVEExporterQueries.query(PVEExporterQueries.standard.cpu, id: "qemu/101") == #"pve_cpu_usage_ratio{id="qemu/101"}"#)
        #expect(PVEExporterQueries.query(#"x{id="$id"}"#, id: #"a"b"#) == #"x{id="a\"b"}"#)
    }
}
