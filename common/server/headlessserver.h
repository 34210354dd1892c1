#pragma once

#include "serveroptions.h"

// The echo server with no window and no display (--headless): listens at once, says each event
// on stdout (and in --log-file), stops on Ctrl+C or SIGTERM with the totals. Makes the process's
// application object, so call it instead of making one; returns the exit status.
int runHeadless(int &argc, char **argv, const ServerOptions &options);
