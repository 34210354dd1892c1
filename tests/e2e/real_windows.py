#!/usr/bin/env python3
"""Both programs as separate processes in real windows, driven only by real X input events.

Starts its own desktop session: a D-Bus session bus, an X server (Xvfb) on a free display and a
window manager (openbox, for the close buttons). Launches tcp-echo-server and tcp-echo-client with --log-file on a free port,
then does what a person does: Ctrl+L in the server window to listen, Ctrl+Return in the client
window to connect, types `hello` and a line with é and € with xdotool, and quits both windows
by clicking their title bars' close buttons. It checks both log files and that both programs
exit with status 0, and saves screenshots in the artifacts folder.

usage: real_windows.py <tcp-echo-server> <tcp-echo-client> <artifacts folder>
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

WAIT = 20.0  # seconds for anything to happen


def wait_for(what, condition, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Desktop:
    def __init__(self, artifacts):
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DISPLAY",
                                 "DBUS_SESSION_BUS_ADDRESS")}
        self.artifacts = artifacts
        self.processes = []

    def start(self):
        self.start_session_bus()
        # Xvfb picks a free display itself and tells us which (-displayfd). -noreset: by default
        # the server resets when its last client leaves, so the window manager, connecting just
        # after the readiness probe disconnected, was refused now and then.
        reader, writer = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(writer), "-screen", "0", "1400x900x24",
                                 "-nolisten", "tcp", "-noreset"], pass_fds=(writer,),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes.append(xvfb)
        os.close(writer)
        with os.fdopen(reader) as display_number:
            number = display_number.readline().strip()
        if not number:
            raise RuntimeError(f"Xvfb did not start (status {xvfb.poll()})")
        self.env["DISPLAY"] = f":{number}"
        wait_for("the X server", lambda: self.run(["xdpyinfo"], check=False).returncode == 0)
        self.give_keys("eacute", "EuroSign")
        with open(os.path.join(self.artifacts, "openbox.log"), "w") as log:
            window_manager = subprocess.Popen(["openbox"], env=self.env,
                                              stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(window_manager)
        wait_for("the window manager", lambda: window_manager.poll() is not None or "window id" in
                 self.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], check=False).stdout)
        if window_manager.poll() is not None:
            raise RuntimeError(f"openbox exited with status {window_manager.returncode}, see "
                               f"{self.artifacts}/openbox.log")

    def start_session_bus(self):
        """A D-Bus session bus of the test's own, as every desktop session has. Qt 6.8 asks it
        for the desktop portal as it starts; with no bus at all that question never gets its
        answer, and LeakSanitizer reports the Qt object waiting for it when the program exits."""
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.processes.append(bus)
        address = bus.stdout.readline().strip()
        if not address:
            raise RuntimeError(f"dbus-daemon did not start (status {bus.poll()})")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address

    def give_keys(self, *keysyms):
        """Puts characters the US keymap lacks on keys of their own before any program starts.
        Otherwise xdotool maps a spare key to each just before pressing it and back just after,
        and a program that reads the keymap a moment late (under load) loses the character."""
        table = self.run(["xmodmap", "-pke"]).stdout
        spare = [int(code) for code in re.findall(r"^keycode\s+(\d+) =\s*$", table, re.M)]
        if len(spare) < len(keysyms):
            raise RuntimeError(f"the X server's keymap has {len(spare)} spare keys, not "
                               f"{len(keysyms)}")
        for code, keysym in zip(reversed(spare), keysyms):
            self.run(["xmodmap", "-e", f"keycode {code} = {keysym}"])

    def spawn(self, command, **kwargs):
        """Starts a program whose output goes to <artifacts>/<name>.out."""
        name = os.path.basename(command[0])
        with open(os.path.join(self.artifacts, f"{name}.out"), "w") as out:
            process = subprocess.Popen(command, env=kwargs.pop("env", self.env), stdout=out,
                                       stderr=subprocess.STDOUT, **kwargs)
        self.processes.append(process)
        return process

    def run(self, command, check=True):
        return subprocess.run(command, env=self.env, capture_output=True, text=True,
                              timeout=WAIT, check=check)

    def window(self, title):
        found = wait_for(f"the window '{title}'", lambda: self.run(
            ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"], check=False).stdout.split())
        return found[0]

    def activate(self, window):
        self.run(["xdotool", "windowactivate", "--sync", window])

    def key(self, *keys):
        self.run(["xdotool", "key", "--delay", "80", *keys])

    def type(self, text):
        self.run(["xdotool", "type", "--delay", "80", text])

    def click_close_button(self, window):
        """Clicks the close button in the title bar the window manager drew for the window."""
        info = self.run(["xwininfo", "-id", window]).stdout
        x = int(re.search(r"Absolute upper-left X:\s+(-?\d+)", info).group(1))
        y = int(re.search(r"Absolute upper-left Y:\s+(-?\d+)", info).group(1))
        width = int(re.search(r"Width:\s+(\d+)", info).group(1))
        extents = self.run(["xprop", "-id", window, "_NET_FRAME_EXTENTS"]).stdout
        left, right, top, _ = (int(v) for v in re.findall(r"\d+", extents.split("=")[1]))
        # openbox puts the close button last on the right of the title bar.
        self.run(["xdotool", "mousemove", "--sync", str(x + width + right - 10 - 1),
                  str(y - top // 2 - 1), "click", "1"])

    def screenshot(self, name):
        self.run(["import", "-window", "root", os.path.join(self.artifacts, name)])

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()


def read(path):
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except FileNotFoundError:
        return ""


def closed_with_status_0(check, name, process):
    """Checks that a window's process ended, with status 0, after its close button was clicked."""
    try:
        process.wait(timeout=WAIT)
        check(f"{name} window closed with its close button, exit status 0",
              process.returncode == 0, f"(status {process.returncode})")
    except subprocess.TimeoutExpired:
        check(f"{name} window closed with its close button", False, "(still running)")


def type_over_udp(desktop, check, client_exe, port, app_env, work, server_log):
    """A client window in UDP mode, typed into: each keystroke is a datagram of its own, echoed
    by the server window, which logs it as recvfrom and sendto. Returns the client's process."""
    udp_log = os.path.join(work, "client-udp.log")
    udp_client = desktop.spawn([client_exe, "--udp", "--host", "127.0.0.1", "--port", str(port),
                                "--log-file", udp_log], env=app_env)
    window = desktop.window("TCP Echo Client")
    desktop.run(["xdotool", "windowmove", "--sync", window, "705", "30"])
    desktop.run(["xdotool", "windowsize", "--sync", window, "690", "560"])
    desktop.activate(window)
    desktop.key("ctrl+Return")
    wait_for("the UDP client's socket", lambda: "Connecting to" in read(udp_log))
    typed = "hi!"
    desktop.type(typed)

    def datagrams(kind):
        return sum(int(n) for n in re.findall(
            rf"  {kind}  #\d+ 127\.0\.0\.1:\d+ \(UDP\)  (?:Received|Echoed) (\d+) datagrams?",
            read(server_log)))

    try:
        wait_for("every datagram's echo", lambda: datagrams("sendto") == len(typed))
    except AssertionError:
        pass
    check("server log: the UDP peer's first datagram",
          re.search(r"  recvfrom  #\d+ 127\.0\.0\.1:\d+ \(UDP\)  First datagram from",
                    read(server_log)))
    check(f"server received {len(typed)} datagrams, one per keystroke",
          datagrams("recvfrom") == len(typed), f"(log says {datagrams('recvfrom')})")
    check(f"server echoed {len(typed)} datagrams", datagrams("sendto") == len(typed),
          f"(log says {datagrams('sendto')})")
    expected = rf"Datagrams: {len(typed)} sent, {len(typed)} came back whole and in order"
    try:
        wait_for("the UDP client's datagram check", lambda: re.search(expected, read(udp_log)))
    except AssertionError:
        pass
    check("client log: every datagram came back whole and in order",
          re.search(expected, read(udp_log)), f"\n--- UDP client log ---\n{read(udp_log)}")
    desktop.screenshot("e2e-udp.png")
    return udp_client


def main():
    server_exe, client_exe, artifacts = sys.argv[1:4]
    os.makedirs(artifacts, exist_ok=True)
    for tool in ("dbus-daemon", "Xvfb", "openbox", "xdotool", "xmodmap", "xprop", "xwininfo",
                 "xdpyinfo", "import"):
        if not shutil.which(tool):
            print(f"FAIL!  {tool} is missing (scripts/test installs it)")
            return 1
    work = tempfile.mkdtemp(prefix="tcp-echo-e2e-")
    server_log = os.path.join(work, "server.log")
    client_log = os.path.join(work, "client.log")
    port = free_port()
    desktop = Desktop(artifacts)
    passed = failed = 0

    def check(name, condition, detail=""):
        nonlocal passed, failed
        if condition:
            passed += 1
            print(f"PASS   {name}")
        else:
            failed += 1
            print(f"FAIL!  {name} {detail}")

    try:
        desktop.start()
        # A settings folder of its own: the test never touches the user's remembered choices.
        app_env = dict(desktop.env, XDG_CONFIG_HOME=os.path.join(work, "config"))
        server = desktop.spawn([server_exe, "--port", str(port), "--log-file", server_log],
                               env=app_env)
        client = desktop.spawn([client_exe, "--host", "127.0.0.1", "--port", str(port),
                                "--log-file", client_log], env=app_env)
        server_window = desktop.window("TCP Echo Server")
        client_window = desktop.window("TCP Echo Client")
        # Side by side, as a person would arrange them.
        desktop.run(["xdotool", "windowmove", "--sync", server_window, "0", "30"])
        desktop.run(["xdotool", "windowsize", "--sync", server_window, "690", "560"])
        desktop.run(["xdotool", "windowmove", "--sync", client_window, "705", "30"])
        desktop.run(["xdotool", "windowsize", "--sync", client_window, "690", "560"])

        # Each window hands the window manager its own icon, drawn down to 16 px (Qt draws the
        # SVG only when its SVG plugins are installed).
        for name, window in (("server", server_window), ("client", client_window)):
            icon = desktop.run(["xprop", "-id", window, "_NET_WM_ICON"], check=False).stdout
            check(f"{name} window shows its icon at 16 px", "Icon (16 x 16)" in icon,
                  f"(xprop says {icon[:80]!r})")

        desktop.activate(server_window)
        desktop.key("ctrl+l")
        wait_for("the server to listen", lambda: re.search(r"  listen  ", read(server_log)))

        desktop.activate(client_window)
        desktop.key("ctrl+Return")
        wait_for("the server to accept", lambda: "  accept  " in read(server_log))

        # The keyboard is in the client's input box now: type as a person would.
        typed = "hello\n" + "é and €\n"
        desktop.type("hello")
        desktop.key("Return")
        desktop.type("é and €")
        desktop.key("Return")
        expected = len(typed.encode("utf-8"))

        def total(kind):
            return sum(int(n.replace(",", "")) for n in re.findall(
                rf"{kind} ([\d,]+) bytes?", read(server_log)))

        try:
            wait_for("all the echo", lambda: total("Echoed") == expected)
        except AssertionError:
            pass
        check(f"server received {expected} bytes", total("Received") == expected,
              f"(log says {total('Received')})")
        check(f"server echoed {expected} bytes", total("Echoed") == expected,
              f"(log says {total('Echoed')})")
        check("server log names the client's address",
              re.search(r"  accept  #1 127\.0\.0\.1:\d+  Connection accepted", read(server_log)))
        # The data lines' previews, in order, are what was typed (control bytes made visible).
        previews = "".join(re.findall(r'  recv  #1 \S+  Received [^"]*"(.*)"$', read(server_log),
                                      re.MULTILINE))
        shown = typed.replace("\n", "\u240a")
        check("server log shows what was received", previews == shown,
              f"(previews {previews!r}, typed {shown!r})")
        try:
            wait_for("the client's echo check", lambda: re.search(
                rf"Echo matches \({expected} bytes\)", read(client_log)))
        except AssertionError:
            pass
        check("client log: the echo came back and matches",
              re.search(rf"Echo matches \({expected} bytes\)", read(client_log)),
              f"\n--- client log ---\n{read(client_log)}")
        desktop.screenshot("e2e-both-windows.png")

        desktop.click_close_button(client_window)
        closed_with_status_0(check, "client", client)
        udp_client = type_over_udp(desktop, check, client_exe, port, app_env, work, server_log)
        desktop.click_close_button(desktop.window("TCP Echo Client"))
        closed_with_status_0(check, "UDP client", udp_client)

        desktop.click_close_button(server_window)
        closed_with_status_0(check, "server", server)
    except Exception as error:  # a step that could not be done is a failure, with what it was
        failed += 1
        print(f"FAIL!  {error}")
        try:
            desktop.screenshot("e2e-failure.png")
        except Exception:
            pass
        for name in ("tcp-echo-server", "tcp-echo-client"):
            said = read(os.path.join(artifacts, f"{name}.out"))
            if said:
                print(f"--- {name} said (last lines) ---\n" + "\n".join(said.splitlines()[-25:]))
    finally:
        desktop.stop()
        for log in (server_log, client_log, os.path.join(work, "client-udp.log")):
            if os.path.exists(log):
                shutil.copy(log, artifacts)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
