"""A Modbus TCP test peer (stdlib only): serves a plant's registers from a recorded log, one row per
request batch, laid out by a plantwatch register map; or misbehaves on purpose.
Usage: modbus_peer.py PORT MAP.yaml LOG.csv [good|wrong-transaction|wrong-length|exception|silent]"""
import socketserver, struct, sys, csv, yaml

port, map_path, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
mode = sys.argv[4] if len(sys.argv) > 4 else "good"
entries = yaml.safe_load(open(map_path))["registers"]
rows = list(csv.reader(l for l in open(log_path) if not l.startswith("#")))
header = [h.split(" [")[0] for h in rows[0]]
data = rows[1:]
state = {"row": 0}

def words(entry, value):
    t = entry["type"]
    if t == "f32": raw = struct.pack(">f", value)
    elif t == "f64": raw = struct.pack(">d", value)
    elif t == "u16": raw = struct.pack(">H", int(round(value)))
    elif t == "i16": raw = struct.pack(">h", int(round(value)))
    elif t == "u32": raw = struct.pack(">I", int(round(value)))
    else: raw = struct.pack(">i", int(round(value)))
    return [struct.unpack(">H", raw[i:i + 2])[0] for i in range(0, len(raw), 2)]

def registers():
    """The current row's registers (NaN/empty cells as 0), then the next row for the next poll of address 0."""
    row = data[min(state["row"], len(data) - 1)]
    regs = {}
    for e in entries:
        cell = row[header.index(e["tag"])]
        for i, w in enumerate(words(e, float(cell) if cell else 0.0)):
            regs[e["address"] + i] = w
    return regs

class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            head = self.request.recv(12)
            if len(head) < 12:
                return
            tid, proto, length, unit, fc, addr, count = struct.unpack(">HHHBBHH", head)
            if mode == "silent":
                continue
            if addr == 0:
                state["row"] += 1
            if mode == "exception":
                self.request.sendall(struct.pack(">HHHBBB", tid, 0, 3, unit, fc | 0x80, 2)); continue
            regs = registers()
            body = b"".join(struct.pack(">H", regs.get(addr + i, 0)) for i in range(count))
            if mode == "wrong-transaction": tid = (tid + 7) & 0xFFFF
            declared = 3 + len(body) - (1 if mode == "wrong-length" else 0)
            self.request.sendall(struct.pack(">HHHBBB", tid, 0, declared, unit, fc, len(body)) + body)

class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

with Server(("127.0.0.1", port), Handler) as s:
    print("listening", flush=True)
    s.serve_forever()
