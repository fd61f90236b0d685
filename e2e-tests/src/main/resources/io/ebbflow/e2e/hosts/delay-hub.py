# The switch between Ebbflow's test network hosts when links need latency or cuts (see DelayHub.java).
# This kernel may have no traffic control (no 'tc ... netem'), so the frames go through this process instead:
# it opens one TAP device per port (argv[1:]), forwards each Ethernet frame to the port that owns the
# destination MAC (or floods it), and holds the frames a port sends for its delay +- jitter (uniform, in
# order per port: a frame never overtakes an earlier one of the same port). Commands on stdin, one a line,
# each answered "ok" (or "error ..."): "delay <port> <ms> <jitter ms>", "cut <port>", "heal <port>".
# It exits when stdin closes, so it never outlives the test JVM; its TAP devices go with it.
import fcntl, heapq, os, random, select, struct, sys, time

TUNSETIFF, IFF_TAP, IFF_NO_PI = 0x400454ca, 0x0002, 0x1000
fds = []
for name in sys.argv[1:]:
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    os.set_blocking(fd, False)
    fds.append(fd)
port_of = {fd: i for i, fd in enumerate(fds)}
delay = [(0.0, 0.0)] * len(fds)
cut = [False] * len(fds)
release = [0.0] * len(fds)
macs = {}
queue = []
seq = 0
rnd = random.Random(int(os.environ.get("EBBFLOW_HUB_SEED", "15")))


def forward(src, frame):
    if cut[src]:
        return
    macs[frame[6:12]] = src
    dst = macs.get(frame[0:6]) if not frame[0] & 1 else None
    for k in ([dst] if dst is not None else range(len(fds))):
        if k != src and not cut[k]:
            try:
                os.write(fds[k], frame)
            except OSError:
                pass  # the port is down or its queue is full: the frame is lost, as on a wire


def command(line):
    parts = line.split()
    port = int(parts[1])
    if parts[0] == "delay":
        delay[port] = (float(parts[2]) / 1000.0, float(parts[3]) / 1000.0)
    elif parts[0] == "cut":
        cut[port] = True
    elif parts[0] == "heal":
        cut[port] = False
    else:
        raise ValueError("unknown command " + parts[0])


print("ready", flush=True)
stdin = sys.stdin.fileno()
while True:
    timeout = max(0.0, queue[0][0] - time.monotonic()) if queue else None
    readable, _, _ = select.select(fds + [stdin], [], [], timeout)
    for fd in readable:
        if fd == stdin:
            line = sys.stdin.readline()
            if not line:
                sys.exit(0)
            try:
                command(line)
                print("ok", flush=True)
            except (ValueError, IndexError) as e:
                print("error " + str(e), flush=True)
            continue
        src = port_of[fd]
        while True:
            try:
                frame = os.read(fd, 65536)
            except BlockingIOError:
                break
            except OSError:
                break
            base, jitter = delay[src]
            if base == 0 and jitter == 0:
                forward(src, frame)
                continue
            now = time.monotonic()
            at = max(release[src], now + max(0.0, base + rnd.uniform(-jitter, jitter)))
            release[src] = at
            seq += 1
            heapq.heappush(queue, (at, seq, src, frame))
    now = time.monotonic()
    while queue and queue[0][0] <= now:
        _, _, src, frame = heapq.heappop(queue)
        forward(src, frame)
