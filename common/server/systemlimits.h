#pragma once

// Each client costs the server one descriptor; the usual soft limit (1024) would refuse clients
// long before the machine runs out of anything.
struct OpenFileLimit
{
    long long soft = -1; // -1: unknown
    long long hard = -1;
};

// Raises this process's soft limit on open files to its hard limit; returns the limits after.
OpenFileLimit raiseOpenFileLimit();
OpenFileLimit openFileLimit();

// Settings that make a busy echo server cheaper, for threads and clocks set up from now on:
// - a thread whose event dispatcher Qt picks from now on gets Qt's own poll()-based one instead
//   of glib's, which wakes itself through an eventfd whenever a socket notifier is added or
//   removed: in the headless server, the main thread, where the listener accepts every client.
//   The echo workers do not depend on it: each runs on an EpollEventDispatcher, installed
//   before it starts (EchoServer::startWorkers);
// - glibc re-reads /etc/localtime at every local-time call while TZ is unset (a stat() per
//   accepted client); naming the file makes it read once.
// Call it before the threads start: in the headless server before its application object, in
// the window after it, so that the GUI thread keeps the desktop's event loop.
void tuneProcessForServing();

// Hands memory the program has freed back to the system, where the C library keeps it (glibc
// returns only the top of its heaps by itself; freed blocks further down stay resident). Costs
// a walk over the heap: call it after many clients left, not per client.
void returnFreeMemoryToTheSystem();
