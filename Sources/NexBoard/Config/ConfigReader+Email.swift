import Mail
import NexBoardCore

extension ConfigReader {
    static let emailKeys = ["server", "tls", "username", "password", "password_file", "from", "ca_file", "timeout", "lists"]

    /// `alerts.email: {server, tls, username, password(_file), from, ca_file, timeout, lists}`;
    /// nil when the section is absent (or has problems, which are reported).
    func readEmail(_ alerts: ConfigMapping) -> EmailConfig? {
        guard alerts.has("email"),
              let email = mapping(alerts["email"], at: alerts.path("email"), parentMark: alerts.mark(of: "email"), keys: Self.emailKeys)
        else { return nil }
        let server: SMTPServerAddress? = if email.has("server") {
            value("server", in: email, expected: SMTPServerAddress.expectedForm) { SMTPServerAddress(url: $0) }
        } else {
            reportMissing("server", in: email, "is required: \(SMTPServerAddress.expectedForm)")
        }
        let tls = choice("tls", in: email, among: SMTPConfiguration.TLSMode.allCases.map(\.rawValue)).flatMap(SMTPConfiguration.TLSMode.init)
        let from: MailAddress? = if email.has("from") {
            value("from", in: email, expected: MailAddress.expectedForm, parse: MailAddress.parse)
        } else {
            reportMissing("from", in: email, "is required: \(MailAddress.expectedForm)")
        }
        let username = string("username", in: email)
        if username?.isEmpty == true { report(email.path("username"), "is empty", at: email.mark(of: "username")) }
        var password: Secret?
        if email.has("password") || email.has("password_file") {
            password = secret("password", in: email, missing: "is required")
            if username == nil && !email.has("username") {
                report(email.path("password"), "is given without a username", at: email.mark(of: "password"))
            }
        } else if username != nil {
            report(email.path("password"), "is required with a username (or password_file)", at: email.mark(of: "username"))
        }
        let caFile = email.has("ca_file") ? existingFile("ca_file", in: email) : nil
        let timeout = duration("timeout", in: email, default: .seconds(30), range: .seconds(1) ... .seconds(600))
        let lists = readEmailLists(email)

        guard let server, let from else { return nil }
        let smtp = SMTPConfiguration(server: server, tls: tls, username: username, password: password, caFile: caFile,
                                     connectTimeout: min(timeout, .seconds(10)), timeout: timeout)
        if let mismatch = smtp.mismatch {
            report(email.path("tls"), mismatch, at: email.mark(of: "tls"))
            return nil
        }
        return EmailConfig(smtp: smtp, from: from, lists: lists)
    }

    private func reportMissing<T>(_ key: String, in mapping: ConfigMapping, _ message: String) -> T? {
        report(mapping.path(key), message, at: mapping.mark(of: key))
        return nil
    }

    private func readEmailLists(_ email: ConfigMapping) -> [EmailConfig.List] {
        guard email.has("lists"),
              let nodes = sequence(email["lists"], at: email.path("lists"), example: "[{name: ops, to: [admin@example.org]}]")
        else { return [] }
        var lists: [EmailConfig.List] = []
        var seen: Set<String> = []
        for (index, node) in nodes.enumerated() {
            let path = "\(email.path("lists"))[\(index)]"
            guard let list = mapping(node, at: path, parentMark: node.mark, keys: ["name", "to", "severity"]) else { continue }
            let name = requiredString("name", in: list, missing: "is required: \(ConfigValueForms.nameForm)")
            if let name, !ConfigValueForms.isName(name) {
                report(list.path("name"), "expected \(ConfigValueForms.nameForm), got \"\(name)\"", at: list.mark(of: "name"))
            } else if let name, !seen.insert(name).inserted {
                report(list.path("name"), "another list is already named \"\(name)\"", at: list.mark(of: "name"))
            }
            var recipients: [MailAddress] = []
            if !list.has("to") {
                report(list.path("to"), "is required: a list of email addresses", at: list.mark(of: "to"))
            } else if let addresses = sequence(list["to"], at: list.path("to"), example: "[admin@example.org, oncall@example.org]") {
                if addresses.isEmpty { report(list.path("to"), "needs at least one address", at: list.mark(of: "to")) }
                for (position, addressNode) in addresses.enumerated() {
                    let addressPath = "\(list.path("to"))[\(position)]"
                    guard let text = scalar(addressNode, at: addressPath) else { continue }
                    if let address = MailAddress.parse(text) {
                        recipients.append(address)
                    } else {
                        report(addressPath, "expected \(MailAddress.expectedForm), got \"\(text)\"", at: addressNode.mark)
                    }
                }
            }
            let severity = choice("severity", in: list, among: ["info", "warning", "critical"]) ?? "warning"
            if let name, !recipients.isEmpty { lists.append(EmailConfig.List(name: name, to: recipients, severity: severity)) }
        }
        return lists
    }
}
