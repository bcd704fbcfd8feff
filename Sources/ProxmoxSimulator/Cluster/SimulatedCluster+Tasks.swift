import Foundation

/*
 Tasks. A power action creates a task that runs for `taskDuration`; it finishes the first time
 the cluster is looked at after its end time (`settle()`), which is when its effect on the guest
 is applied and "TASK OK" / "TASK ERROR: ..." is written to its log.
 */
extension SimulatedCluster {
    /// Finishes every task whose end time has passed, oldest first.
    func settle() {
        if !historySeeded {
            historySeeded = true
            seedHistory(now: createdAt)
        }
        guard !runningTaskIndices.isEmpty else { return }
        let time = now()
        for index in runningTaskIndices where tasks[index].pendingLog.first.map({ $0.time <= time }) == true {
            let due = tasks[index].pendingLog.prefix { $0.time <= time }
            tasks[index].log += due.map(\.line)
            tasks[index].pendingLog.removeFirst(due.count)
        }
        let due = runningTaskIndices.filter { tasks[$0].end <= time }.sorted { tasks[$0].end < tasks[$1].end }
        guard !due.isEmpty else { return }
        runningTaskIndices.removeAll { tasks[$0].end <= time }
        for index in due { finish(taskAt: index) }
    }

    /// Starts a power-action task and returns its UPID.
    func startTask(node: Int, guest: Int, action: String, user: String) -> String {
        let time = now()
        let vmid = guests[guest].vmid
        let kind = guests[guest].kind
        let upid = makeUPID(node: node, type: kind.taskPrefix + action, id: String(vmid), user: user, time: time)
        let duration = Double(options.taskDuration.components.seconds)
            + Double(options.taskDuration.components.attoseconds) / 1e18
        var task = SimulatedTask(upid: upid, upidText: upid.description, node: node, vmid: vmid, kind: kind,
                                 action: action, start: time, end: time + duration, outcome: .running, log: [],
                                 forcedError: pendingTaskFailures.removeValue(forKey: vmid))
        if action == "shutdown" && kind == .qemu { task.log.append("shutting down VM \(vmid)") }
        append(task)
        runningTaskIndices.append(tasks.count - 1)
        appendLog(node: nodes[node].name, pid: upid.pid, user: user, tag: "pvedaemon", priority: 6,
                  message: "<\(user)> starting task \(upid.description)", time: time)
        return upid.description
    }

    func makeUPID(node: Int, type: String, id: String, user: String, time: Double) -> UPID {
        nodes[node].nextPID += Int.random(in: 1...400, using: &generator)
        let pstart = Int((time - nodes[node].bootTime) * 100)
        return UPID(node: nodes[node].name, pid: nodes[node].nextPID, pstart: max(1, pstart),
                    starttime: Int(time), type: type, id: id, user: user)
    }

    func append(_ task: SimulatedTask) {
        taskIndex[task.upidText] = tasks.count
        tasks.append(task)
    }

    private func finish(taskAt index: Int) {
        var task = tasks[index]
        task.log += task.pendingLog.map(\.line)
        task.pendingLog = []
        var error = task.forcedError
        if error == nil { error = applyEffect(of: &task) } else { discardCreation(of: task) }
        if let error {
            task.log.append("TASK ERROR: \(error)")
            task.outcome = .finished(exitStatus: error)
        } else {
            task.log.append("TASK OK")
            task.outcome = .finished(exitStatus: "OK")
        }
        tasks[index] = task
        appendLog(node: nodes[task.node].name, pid: task.upid.pid, user: task.upid.user, tag: "pvedaemon", priority: error == nil ? 6 : 3,
                  message: "<\(task.upid.user)> end task \(task.upidText) \(task.exitStatus ?? "")", time: task.end)
    }

    /// Applies a finished power action to its guest; returns the error message when it fails as PVE would.
    private func applyEffect(of task: inout SimulatedTask) -> String? {
        if let error = applyBackupOrDeployEffect(of: &task) { return error }
        guard let vmid = task.vmid, let position = guestIndex[vmid] else { return nil }
        let guest = guests[position]
        let label = "\(guest.kind.label) \(vmid)"
        switch task.action {
        case "start":
            if guest.isUp { return "\(label) already running" }
            guests[position].power = .running
            guests[position].startedAt = task.end.rounded()
        case "stop":
            if !guest.isUp && guest.kind == .lxc { return "\(label) not running" }
            guests[position].power = .stopped
        case "shutdown":
            if !guest.isUp { return "\(label) not running" }
            guests[position].power = .stopped
        case "reboot":
            if !guest.isUp { return "\(label) not running" }
            guests[position].power = .running
            guests[position].startedAt = task.end.rounded()
        case "reset":
            if !guest.isUp { return "\(label) not running" }
            guests[position].power = .running
        case "suspend":
            if !guest.isUp { return "\(label) not running" }
            guests[position].power = .paused
        case "resume":
            if !guest.isUp { return "\(label) not running" }
            guests[position].power = .running
        default:
            break
        }
        return nil
    }

    // MARK: - History

    /// Seeds some finished tasks (nightly backups, one failed) and cluster log entries.
    func seedHistory(now time: Double) {
        let candidates = guests.prefix(40).filter { !$0.isTemplate }.prefix(12)
        let backupStart = ((time / 86_400).rounded(.down) - 1) * 86_400 + 2 * 3_600
        for (offset, guest) in candidates.enumerated() {
            let node = guest.node
            let start = backupStart + Double(offset * 75)
            let upid = makeUPID(node: node, type: "vzdump", id: String(guest.vmid), user: "root@pam", time: start)
            let failed = offset == 3
            let kindText = guest.kind == .qemu ? "qemu" : "lxc"
            var log = [
                "INFO: starting new backup job: vzdump \(guest.vmid) --storage pbs-store --mode snapshot --node \(nodes[node].name)",
                "INFO: Starting Backup of VM \(guest.vmid) (\(kindText))",
                "INFO: Backup started at \(Self.logTimestamp(start))",
            ]
            let exit: String
            if failed {
                log += ["ERROR: Backup of VM \(guest.vmid) failed - backup write data failed: command error: write_data upload error: pipelined request failed: connection reset",
                        "INFO: Failed at \(Self.logTimestamp(start + 40))",
                        "INFO: Backup job finished with errors", "TASK ERROR: job errors"]
                exit = "job errors"
            } else {
                log += ["INFO: Finished Backup of VM \(guest.vmid) (00:01:0\(offset % 10))",
                        "INFO: Backup finished at \(Self.logTimestamp(start + 60))",
                        "INFO: Backup job finished successfully", "TASK OK"]
                exit = "OK"
            }
            append(SimulatedTask(upid: upid, upidText: upid.description, node: node, vmid: guest.vmid, kind: guest.kind,
                                 action: "vzdump", start: start, end: start + 60, outcome: .finished(exitStatus: exit),
                                 log: log, forcedError: nil))
            appendLog(node: nodes[node].name, pid: upid.pid, user: "root@pam", tag: "pvescheduler", priority: 6,
                      message: "<root@pam> starting task \(upid.description)", time: start)
            appendLog(node: nodes[node].name, pid: upid.pid, user: "root@pam", tag: "pvescheduler", priority: failed ? 3 : 6,
                      message: "<root@pam> end task \(upid.description) \(exit)", time: start + 60)
        }
    }

    static func logTimestamp(_ epoch: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: epoch))
    }

    // MARK: - Endpoints

    func taskJSON(_ task: SimulatedTask, saved: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("upid", .string(task.upidText)), ("node", .string(task.upid.node)), ("pid", .int(task.upid.pid)),
            ("pstart", .int(task.upid.pstart)), ("starttime", .int(task.upid.starttime)), ("type", .string(task.upid.type)),
            ("id", .string(task.upid.id)), ("user", .string(task.upid.user)),
        ]
        if let exit = task.exitStatus {
            members.append(("endtime", .int(Int(task.end))))
            members.append(("status", .string(exit)))
        }
        if saved { members.append(("saved", .string(task.isRunning ? "0" : "1"))) }
        return .object(members)
    }

    /// `GET /cluster/tasks`: recent tasks of all nodes, newest first.
    func clusterTasks() -> JSONValue {
        settle()
        return .array(tasks.reversed().prefix(200).map { taskJSON($0, saved: true) })
    }

    /// `GET /nodes/{node}/tasks`.
    func nodeTasks(node name: String, query: [String: String]) throws(SimulatorAPIError) -> JSONValue {
        settle()
        let node = try onlineNodeIndex(name)
        let start = Int(query["start"] ?? "") ?? 0
        let limit = Int(query["limit"] ?? "") ?? 50
        let onlyErrors = query["errors"] == "1" || query["errors"] == "true"
        let vmid = query["vmid"].flatMap { Int($0) }
        let source = query["source"] ?? "archive"
        guard ["archive", "active", "all"].contains(source) else {
            throw .parameter("source", "value '\(source)' does not have a value in the enumeration 'archive, active, all'")
        }
        let typeFilter = query["typefilter"]
        let userFilter = query["userfilter"]
        let since = query["since"].flatMap { Int($0) }
        let until = query["until"].flatMap { Int($0) }
        let matching = tasks.reversed().filter { task in
            guard task.node == node else { return false }
            switch source {
            case "archive": if task.isRunning { return false }
            case "active": if !task.isRunning { return false }
            default: break
            }
            if onlyErrors, task.isRunning || task.exitStatus == "OK" { return false }
            if let vmid, task.vmid != vmid { return false }
            if let typeFilter, task.upid.type != typeFilter { return false }
            if let userFilter, !task.upid.user.contains(userFilter) { return false }
            if let since, task.upid.starttime < since { return false }
            if let until, task.upid.starttime > until { return false }
            return true
        }
        return .array(matching.dropFirst(start).prefix(max(0, limit)).map { taskJSON($0, saved: false) })
    }

    private func task(node name: String, upid: String) throws(SimulatorAPIError) -> SimulatedTask {
        settle()
        _ = try onlineNodeIndex(name)
        guard UPID(parsing: upid) != nil else {
            throw .parameter("upid", "unable to parse worker upid '\(upid)'")
        }
        guard let index = taskIndex[upid], tasks[index].upid.node == name else {
            throw SimulatorAPIError(status: 500, message: "no such task")
        }
        return tasks[index]
    }

    /// `GET /nodes/{node}/tasks/{upid}/status`.
    func taskStatus(node: String, upid: String) throws(SimulatorAPIError) -> JSONValue {
        let task = try task(node: node, upid: upid)
        var members: [(String, JSONValue)] = [
            ("upid", .string(task.upidText)), ("node", .string(task.upid.node)), ("pid", .int(task.upid.pid)),
            ("pstart", .int(task.upid.pstart)), ("starttime", .int(task.upid.starttime)), ("type", .string(task.upid.type)),
            ("id", .string(task.upid.id)), ("user", .string(task.upid.user)),
            ("status", .string(task.isRunning ? "running" : "stopped")),
        ]
        if let exit = task.exitStatus { members.append(("exitstatus", .string(exit))) }
        return .object(members)
    }

    /// `GET /nodes/{node}/tasks/{upid}/log`: lines `{n, t}`, n counting from 1.
    func taskLog(node: String, upid: String, query: [String: String]) throws(SimulatorAPIError) -> JSONValue {
        let task = try task(node: node, upid: upid)
        let start = max(0, Int(query["start"] ?? "") ?? 0)
        let limit = max(0, Int(query["limit"] ?? "") ?? 50)
        let lines = task.log.enumerated().dropFirst(start).prefix(limit)
        return .array(lines.map { .object([("n", .int($0.offset + 1)), ("t", .string($0.element))]) })
    }

    /// Number of lines, for the `total` of a task log answer.
    func taskLogTotal(node: String, upid: String) -> Int {
        taskIndex[upid].map { tasks[$0].log.count } ?? 0
    }
}
