#!/usr/bin/python3
"""Hot-plug check of the real hallqd inside a umockdev testbed.

Run under umockdev-wrapper with Debian's python3 (python3-gi):
    umockdev-wrapper /usr/bin/python3 Tests/Hotplug/hotplug.py --hallqd .build/debug/hallqd --devices Devices [--rounds N]

Starts hallqd with a kiosk whose reader is a USB SAM reader, then unplugs and replugs it
through udev uevents, and checks through the API that the reader becomes absent within a
second and ready again with its role kept. Prints the add-to-ready and remove-to-absent times.
With --diag HALLCTL it also plugs in K1's USB serial scanner (bound by its port) and checks that
`hallctl diag K1` finds the kiosk healthy, then names the scanner unplugged, with its fix.
Exits non-zero on any failure.
"""
import argparse, json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request

import gi
gi.require_version('UMockdev', '1.0')
from gi.repository import UMockdev

READER = '/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1'
SCANNER = '/devices/pci0000:00/0000:00:14.0/usb1/1-9/1-9:1.0/tty/ttyACM9'
SCANNER_RECORD = f"""P: {SCANNER}
N: ttyACM9
E: DEVNAME=/dev/ttyACM9
E: SUBSYSTEM=tty
E: ID_BUS=usb
E: ID_VENDOR_ID=1eab
E: ID_MODEL_ID=8306
E: ID_PATH=pci-0000:00:14.0-usb-0:9:1.0
A: dev=166:9
"""


HUB_RECORD = """P: /devices/pci0000:00/0000:00:14.0/usb1
N: bus/usb/001/001
E: DEVNAME=/dev/bus/usb/001/001
E: DEVTYPE=usb_device
E: SUBSYSTEM=usb
E: ID_BUS=usb
A: idVendor=1d6b
A: idProduct=0002
A: bDeviceClass=09
A: dev=189:0
"""

READER_RECORD = """P: /devices/pci0000:00/0000:00:14.0/usb1/1-1
N: bus/usb/001/002
E: DEVNAME=/dev/bus/usb/001/002
E: DEVTYPE=usb_device
E: SUBSYSTEM=usb
E: ID_BUS=usb
E: ID_VENDOR_ID=0400
E: ID_MODEL_ID=c35a
E: ID_PATH=pci-0000:00:14.0-usb-0:1
A: idVendor=0400
A: idProduct=c35a
A: bDeviceClass=00
A: dev=189:1
"""


def add_reader(testbed):
    testbed.add_from_string(READER_RECORD)
    testbed.uevent(READER, 'add')


def devices(port):
    request = urllib.request.Request(f'http://127.0.0.1:{port}/api/v1/devices',
                                     headers={'Authorization': 'Bearer admin-token-123'})
    with urllib.request.urlopen(request, timeout=5) as answer:
        return {d['id']: d for d in json.load(answer)}


def wait_state(port, device, state, timeout):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        found = devices(port).get(device)
        if found and found['state'] == state:
            return time.monotonic() - start, found
        time.sleep(0.002)
    raise SystemExit(f'FAIL: {device} did not become {state} within {timeout} s: {devices(port).get(device)}')


def diag(hallctl, port, device):
    """hallctl diag against the daemon, outside the testbed: (exit status, output)."""
    env = {key: value for key, value in os.environ.items() if key not in ('LD_PRELOAD', 'UMOCKDEV_DIR')}
    env.update(HALLCTL_URL=f'http://127.0.0.1:{port}', HALLCTL_TOKEN='admin-token-123', HALLCTL_CONFIG='/nonexistent')
    run = subprocess.run([hallctl, 'diag', device], env=env, capture_output=True, text=True, timeout=30)
    return run.returncode, run.stdout + run.stderr


def diag_unplugged(testbed, port, hallctl):
    """K1's scanner plugged in: diag finds it healthy. Pulled out: diag names it absent and
    says to check its cable."""
    testbed.add_from_string(SCANNER_RECORD)
    testbed.uevent('/sys' + SCANNER, 'add')
    wait_state(port, 'K1.scanner', 'ready', 5)
    status, output = diag(hallctl, port, 'K1.scanner')
    assert status == 0 and '全部正常' in output, output
    testbed.uevent('/sys' + SCANNER, 'remove')
    wait_state(port, 'K1.scanner', 'absent', 1.0)
    status, output = diag(hallctl, port, 'K1.scanner')
    assert status == 2 and '✘ K1.scanner' in output and '未检测到设备' in output, output
    testbed.remove_device('/sys' + SCANNER)
    print('diag: an unplugged scanner is named, with its fix')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--hallqd', required=True)
    parser.add_argument('--devices', required=True)
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--idle-devices', type=int, default=0,
                        help='benchmark: plug in this many scanners, then measure the daemon\'s CPU while they sit idle')
    parser.add_argument('--idle-seconds', type=float, default=10)
    parser.add_argument('--diag', help='hallctl: check that diag names an unplugged scanner')
    args = parser.parse_args()

    testbed = UMockdev.Testbed.new()
    testbed.add_from_string(HUB_RECORD)
    work = tempfile.mkdtemp(prefix='hotplug-')
    config = os.path.join(work, 'hall.yaml')
    with open(config, 'w') as f:
        f.write(f"""hall:
  name: 热插拔测试
  data_directory: {work}/data
  devices_directory: {os.path.abspath(args.devices)}
api:
  listen: 127.0.0.1:0
  tokens: {{admin: admin-token-123}}
services:
  - {{id: shebao, name: 社保, prefix: A}}
windows:
  - {{number: 1, services: [shebao]}}
kiosks:
  - id: K1
    devices:
      - {{role: reader, profile: id-readers/generic-sam-usb-0400-c35a}}
      - {{role: scanner, profile: scanners/newland-cdc-acm-1eab-8306, properties: {{ID_PATH: "pci-0000:00:14.0-usb-0:9:1.0"}}}}
""")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify_path = os.path.join(work, 'notify.sock')
    notify.bind(notify_path)
    notify.settimeout(20)
    env = dict(os.environ, NOTIFY_SOCKET=notify_path, UMOCKDEV_DIR=testbed.get_root_dir(),
               LD_PRELOAD='libumockdev-preload.so.0')
    log = open(os.path.join(work, 'hallqd.log'), 'w')
    daemon = subprocess.Popen([args.hallqd, '--config', config], env=env, stdout=log, stderr=log)
    try:
        port = None
        while port is None:
            message = notify.recv(4096).decode()
            for line in message.splitlines():
                if line.startswith('STATUS=listening on '):
                    port = int(line.rsplit(':', 1)[1])
        # The reader is not plugged in yet: the role is listed absent.
        wait_state(port, 'K1.reader', 'absent', 2)
        added, removed = [], []
        for _ in range(args.rounds):
            add_reader(testbed)  # add_devicev sends the "add" uevent
            elapsed, found = wait_state(port, 'K1.reader', 'ready', 5)
            assert found['role'] == 'K1.reader' and found['usbID'] == '0400:c35a', found
            added.append(elapsed)
            testbed.uevent(READER, 'remove')
            elapsed, found = wait_state(port, 'K1.reader', 'absent', 1.0)
            assert found['reason'] == 'unplugged', found
            removed.append(elapsed)
            testbed.remove_device(READER)
        if args.diag:
            diag_unplugged(testbed, port, args.diag)
        idle = {}
        if args.idle_devices:
            for index in range(args.idle_devices):
                path = f'/devices/pci0000:00/0000:00:14.0/usb1/1-{index + 10}/1-{index + 10}:1.0/tty/ttyACM{index}'
                testbed.add_from_string(f"""P: {path}
N: ttyACM{index}
E: DEVNAME=/dev/ttyACM{index}
E: SUBSYSTEM=tty
E: ID_BUS=usb
E: ID_VENDOR_ID=1eab
E: ID_MODEL_ID=8306
A: dev=166:{index}
""")
                testbed.uevent('/sys' + path, 'add')
            deadline = time.monotonic() + 5
            while sum(1 for d in devices(port).values() if d['state'] == 'ready') < args.idle_devices and time.monotonic() < deadline:
                time.sleep(0.05)
            ready = sum(1 for d in devices(port).values() if d['state'] == 'ready')
            ticks = os.sysconf('SC_CLK_TCK')
            def cpu():
                with open(f'/proc/{daemon.pid}/stat') as f:
                    fields = f.read().rsplit(')', 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / ticks
            before, start = cpu(), time.monotonic()
            time.sleep(args.idle_seconds)
            used, elapsed = cpu() - before, time.monotonic() - start
            idle = {'idle_devices_ready': ready, 'idle_seconds': round(elapsed, 1), 'idle_cpu_percent_of_one_core': round(100 * used / elapsed, 2)}
        print(json.dumps({
            **idle,
            'rounds': args.rounds,
            'add_to_ready_ms': {'median': round(statistics.median(added) * 1000, 1), 'max': round(max(added) * 1000, 1)},
            'remove_to_absent_ms': {'median': round(statistics.median(removed) * 1000, 1), 'max': round(max(removed) * 1000, 1)},
        }))
        with open(os.path.join(work, 'hallqd.log')) as f:
            events = f.read()
        assert 'device ready' in events and 'device absent' in events, events
        with urllib.request.urlopen(f'http://127.0.0.1:{port}/metrics', timeout=5) as answer:
            metrics = answer.read().decode()
        assert 'hall_device_state{device="K1.reader",state="absent"} 1' in metrics, metrics
        print('OK')
    finally:
        daemon.terminate()
        daemon.wait(10)


if __name__ == '__main__':
    main()
