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
// - threads started later (the echo workers) use Qt's own poll()-based event dispatcher instead
//   of glib's, which wakes itself through an eventfd whenever a socket notifier is added or
//   removed (with 1,000 clients: 0.87x the reference's messages/s with glib, 1.02x without);
// - glibc re-reads /etc/localtime at every local-time call while TZ is unset (a stat() per
//   accepted client); naming the file makes it read once.
// Call it before the threads start, after the GUI's application object so the GUI thread keeps
// the desktop's event loop.
void tuneProcessForServing();

// Hands memory the program has freed back to the system, where the C library keeps it (glibc
// returns only the top of its heaps by itself; freed blocks further down stay resident). Costs
// a walk over the heap: call it after many clients left, not per client.
void returnFreeMemoryToTheSystem();
