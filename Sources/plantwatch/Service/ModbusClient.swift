import NIOCore
import NIOPosix
import PlantModel

/// A Modbus TCP client on SwiftNIO: one connection, one request in flight at a time (what most
/// meters and gateways accept), each answered within a timeout; transaction ids checked; a
/// malformed answer or a timeout drops the connection so the next poll starts clean.
final class ModbusClient: @unchecked Sendable {
    let host: String
    let port: Int
    let timeout: Double
    private let group: EventLoopGroup
    private var channel: Channel?
    private var transaction: UInt16 = 0
    private let handler = FrameCollector()

    init(host: String, port: Int, timeout: Double = 1.0, group: EventLoopGroup) {
        self.host = host
        self.port = port
        self.timeout = timeout
        self.group = group
    }

    /// Collects bytes and hands out complete ADUs.
    final class FrameCollector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        private var buffer: [UInt8] = []
        private var waiting: EventLoopPromise<[UInt8]>?

        func expect(_ p: EventLoopPromise<[UInt8]>) {
            waiting = p
            deliver()
        }

        func reset() {
            buffer.removeAll()
            waiting = nil
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var b = unwrapInboundIn(data)
            if let bytes = b.readBytes(length: b.readableBytes) { buffer += bytes }
            deliver()
        }

        private func deliver() {
            guard let p = waiting else { return }
            do {
                if let frame = try ModbusCodec.nextFrame(&buffer) {
                    waiting = nil
                    p.succeed(frame)
                }
            } catch {
                waiting = nil
                p.fail(error)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            waiting?.fail(ModbusError.disconnected)
            waiting = nil
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            waiting?.fail(error)
            waiting = nil
            context.close(promise: nil)
        }
    }

    private func connect() throws -> Channel {
        if let c = channel, c.isActive { return c }
        handler.reset()
        let h = handler
        let c = try ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(timeout * 1000)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { $0.pipeline.addHandler(h) }
            .connect(host: host, port: port).wait()
        channel = c
        return c
    }

    func disconnect() {
        try? channel?.close().wait()
        channel = nil
    }

    /// Reads `count` registers; throws ModbusError (timeout, exception, malformed) or a connection error.
    func read(unit: UInt8, function: ModbusFunction, address: UInt16, count: UInt16) throws -> [UInt16] {
        let c = try connect()
        transaction &+= 1
        let req = ModbusRequest(transaction: transaction, unit: unit, function: function, address: address, count: count)
        let promise = c.eventLoop.makePromise(of: [UInt8].self)
        let h = handler
        c.eventLoop.execute { h.expect(promise) }
        let timeoutTask = c.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            promise.fail(ModbusError.timeout(seconds: self.timeout))
        }
        var out = c.allocator.buffer(capacity: 12)
        out.writeBytes(req.bytes)
        c.writeAndFlush(out, promise: nil)
        do {
            let frame = try promise.futureResult.wait()
            timeoutTask.cancel()
            switch try ModbusCodec.decode(frame, for: req) {
            case .registers(_, _, _, let values): return values
            case .exception(_, _, let f, let code): throw ModbusError.exception(function: f, code: code)
            }
        } catch let e as ModbusError {
            timeoutTask.cancel()
            if case .exception = e {} else { disconnect() }
            throw e
        } catch {
            timeoutTask.cancel()
            disconnect()
            throw error
        }
    }
}
