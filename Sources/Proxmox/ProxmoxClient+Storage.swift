extension ProxmoxClient {
    /// `GET /nodes/{node}/storage`.
    public func storages(node: String) async throws -> [NodeStorage] {
        try await request(.storages(node: node), as: [NodeStorage].self)
    }

    /// `GET /nodes/{node}/storage/{storage}/content`, optionally only one content type (e.g. `backup`).
    public func storageContent(node: String, storage: String, content: String? = nil, vmid: Int? = nil) async throws
        -> [StorageContentItem]
    {
        try await request(
            .storageContent(node: node, storage: storage, content: content, vmid: vmid), decode: StorageContentItem.list(fromAnswer:))
    }
}
