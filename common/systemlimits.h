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
