import NIOCore
import NIOHTTP1
import NIOPosix
import PlantModel
import ServiceLifecycle

/// `GET /metrics` in the Prometheus text exposition format, on SwiftNIO's HTTP/1.1 server. As a
/// service it serves until graceful shutdown, then closes its socket and event loop.
final class MetricsServer: Service {
    private let group: MultiThreadedEventLoopGroup
    private let channel: Channel
    let address: String

    /// Binds at once, so that a port in use is an error before anything starts.
    static func bind(host: String, port: Int, metrics: @escaping @Sendable () -> String) async throws -> MetricsServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(metrics: metrics))
                }
            }
        do {
            return MetricsServer(group: group, channel: try await bootstrap.bind(host: host, port: port).get(), host: host)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(group: MultiThreadedEventLoopGroup, channel: Channel, host: String) {
        self.group = group
        self.channel = channel
        address = "\(host):\(channel.localAddress?.port ?? 0)"
    }

    func run() async throws {
        // Cancellation (a second signal, or another service failing) stops it the same way.
        try? await gracefulShutdown()
        try? await channel.close().get()
        try? await group.shutdownGracefully()
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let metrics: @Sendable () -> String
        private var path = ""

        init(metrics: @escaping @Sendable () -> String) { self.metrics = metrics }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                path = head.method == .GET ? head.uri : ""
            case .body:
                break
            case .end:
                let found = path == "/metrics" || path.hasPrefix("/metrics?")
                let body = found ? metrics() : "not found: try /metrics\n"
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain")
                headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                headers.add(name: "Connection", value: "close")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: found ? .ok : .notFound, headers: headers))), promise: nil)
                var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
                buffer.writeString(body)
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
            }
        }
    }
}
