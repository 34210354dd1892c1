/*
 * A server that behaves like the original C exercise's: blocking, one client only, and each
 * reply is the text received up to its first NUL, plus a NUL (strlen + 1, as that exercise
 * did). It ends when its client leaves.
 *
 * usage: original_server <port>      (127.0.0.1; 0 picks a free port)
 * Prints "listening on PORT" once it listens.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <port>\n", argv[0]);
        return 2;
    }
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(argv[1]));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 ||
        listen(listener, 1) < 0) {
        perror("bind/listen");
        return 1;
    }
    socklen_t length = sizeof address;
    getsockname(listener, (struct sockaddr *)&address, &length);
    printf("listening on %d\n", ntohs(address.sin_port));
    fflush(stdout);

    int client = accept(listener, NULL, NULL);
    if (client < 0) {
        perror("accept");
        return 1;
    }
    char buffer[4097];
    for (;;) {
        ssize_t n = recv(client, buffer, sizeof buffer - 1, 0);
        if (n <= 0)
            break;
        buffer[n] = '\0';
        size_t reply = strlen(buffer) + 1; /* the text up to the first NUL, and a NUL */
        if (send(client, buffer, reply, 0) < 0)
            break;
    }
    close(client);
    close(listener);
    return 0;
}
