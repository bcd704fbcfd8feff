/// What a simulated server answers requests with: Proxmox VE's API (`APIRouter`) or Proxmox Backup
/// Server's (`BackupServerRouter`).
protocol SimulatorRouting: Sendable {
    func handle(_ request: APIRequest) async throws(SimulatorAPIError) -> APIRouter.Answer
}
