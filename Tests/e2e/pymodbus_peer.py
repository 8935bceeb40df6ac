"""pymodbus's TCP server as the test peer (pymodbus 3.6, installed by .ci/run into a virtual
environment): serves a plant's registers, laid out by a plantwatch register map, stepping through
the rows of a recorded log every PERIOD seconds.
Usage: pymodbus_peer.py PORT MAP.yaml LOG.csv [PERIOD]"""
import asyncio, csv, struct, sys
import yaml
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer

port, map_path, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
period = float(sys.argv[4]) if len(sys.argv) > 4 else 0.2
entries = yaml.safe_load(open(map_path))["registers"]
rows = list(csv.reader(l for l in open(log_path) if not l.startswith("#")))
header = [h.split(" [")[0] for h in rows[0]]
data = rows[1:]
size = max(e["address"] + {"f64": 4, "u16": 1, "i16": 1}.get(e["type"], 2) for e in entries) + 1

def words(e, v):
    fmt = {"f32": ">f", "f64": ">d", "u16": ">H", "i16": ">h", "u32": ">I", "i32": ">i"}[e["type"]]
    raw = struct.pack(fmt, v if e["type"] in ("f32", "f64") else int(round(v)))
    return [struct.unpack(">H", raw[i:i + 2])[0] for i in range(0, len(raw), 2)]

block = ModbusSequentialDataBlock(0, [0] * (size + 2))
context = ModbusServerContext(slaves={1: ModbusSlaveContext(hr=block, ir=block)}, single=False)

def load(row):
    values = [0] * size
    for e in entries:
        cell = row[header.index(e["tag"])]
        for i, w in enumerate(words(e, float(cell) if cell else 0.0)):
            values[e["address"] + i] = w
    # The slave context adds 1 to protocol addresses (zero_mode off): address 0 lives at index 1.
    block.setValues(1, values)

async def feed():
    for row in data:
        load(row)
        await asyncio.sleep(period)

async def main():
    load(data[0])
    asyncio.get_running_loop().create_task(feed())
    print("listening", flush=True)
    await StartAsyncTcpServer(context=context, address=("127.0.0.1", port))

asyncio.run(main())
