/*
 * A client written the way the original C exercise wrote its own: one blocking socket, each line
 * read from stdin sent with its terminating NUL (strlen + 1, as that exercise did), and whatever
 * comes back written to stdout unchanged.
 *
 * usage: original_client <port>      (always 127.0.0.1)
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
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    if (sock < 0) {
        perror("socket");
        return 1;
    }
    struct sockaddr_in server;
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons((unsigned short)atoi(argv[1]));
    inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    if (connect(sock, (struct sockaddr *)&server, sizeof server) < 0) {
        perror("connect");
        return 1;
    }

    char line[4096];
    char reply[4096];
    while (fgets(line, sizeof line, stdin)) {
        size_t length = strlen(line) + 1; /* the NUL goes too */
        if (send(sock, line, length, 0) != (ssize_t)length) {
            perror("send");
            return 1;
        }
        size_t received = 0;
        while (received < length) {
            ssize_t n = recv(sock, reply + received, length - received, 0);
            if (n <= 0) {
                fprintf(
                    stderr, "recv: connection ended after %zu of %zu bytes\n", received, length);
                return 1;
            }
            received += (size_t)n;
        }
        fwrite(reply, 1, received, stdout);
    }
    close(sock);
    return 0;
}
