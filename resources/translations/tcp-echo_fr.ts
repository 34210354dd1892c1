<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AboutText</name>
    <message>
        <source>&lt;h3&gt;%1 %2&lt;/h3&gt;&lt;p&gt;A TCP echo server and client, for seeing how sockets behave and for testing anything that speaks TCP.&lt;/p&gt;&lt;p&gt;Licence: MIT&lt;/p&gt;&lt;p&gt;Runs on Qt %3 (built with Qt %4).&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;%5&quot;&gt;%5&lt;/a&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;%1 %2&lt;/h3&gt;&lt;p&gt;Un serveur et un client d’écho TCP, pour voir comment se comportent les sockets et pour tester tout ce qui parle TCP.&lt;/p&gt;&lt;p&gt;Licence&#xa0;: MIT&lt;/p&gt;&lt;p&gt;Fonctionne avec Qt %3 (compilé avec Qt %4).&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;%5&quot;&gt;%5&lt;/a&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ByteCount</name>
    <message>
        <source>1 byte</source>
        <translation>1 octet</translation>
    </message>
    <message numerus="yes">
        <source>%1 bytes</source>
        <translation>
            <numerusform>%1 octet</numerusform>
            <numerusform>%1 octets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClientSessionLog</name>
    <message>
        <source>File sent</source>
        <translation>Fichier envoyé</translation>
    </message>
    <message>
        <source>File stopped: %1</source>
        <translation>Fichier interrompu&#xa0;: %1</translation>
    </message>
    <message>
        <source>Next connection attempt (%1) in %2 ms</source>
        <translation>Prochaine tentative de connexion (%1) dans %2 ms</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot;</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Connecté à %1</translation>
    </message>
    <message>
        <source>Disconnecting</source>
        <translation>Déconnexion</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Déconnecté</translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation>Connexion à %1</translation>
    </message>
    <message>
        <source>1 datagram, %1: &quot;%2&quot;</source>
        <translation>1 datagramme, %1&#xa0;: «&#xa0;%2&#xa0;»</translation>
    </message>
    <message numerus="yes">
        <source>%n datagrams, %1: &quot;%2&quot;</source>
        <translation>
            <numerusform>%n datagramme, %1&#xa0;: «&#xa0;%2&#xa0;»</numerusform>
            <numerusform>%n datagrammes, %1&#xa0;: «&#xa0;%2&#xa0;»</numerusform>
        </translation>
    </message>
    <message>
        <source>Connecting to %1 over UDP</source>
        <translation>Connexion à %1 en UDP</translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>aucune pour l’instant</translation>
    </message>
    <message>
        <source>The worker thread that reads and echoes this client&apos;s bytes (1 = the first)</source>
        <translation>Le thread de travail qui lit et renvoie les octets de ce client (1 = le premier)</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Bytes received</source>
        <translation>Octets reçus</translation>
    </message>
    <message>
        <source>Bytes echoed</source>
        <translation>Octets renvoyés</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Dernière activité</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Thread</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocole</translation>
    </message>
    <message>
        <source>Datagrams</source>
        <translation>Datagrammes</translation>
    </message>
    <message>
        <source>When the connection was accepted; for a UDP peer, when its first datagram arrived</source>
        <translation>Quand la connexion a été acceptée&#x202f;; pour un pair UDP, quand son premier datagramme est arrivé</translation>
    </message>
    <message>
        <source>UDP datagrams received / echoed, and echoes the kernel refused (dropped)</source>
        <translation>Datagrammes UDP reçus / renvoyés, et échos refusés par le noyau (abandonnés)</translation>
    </message>
    <message>
        <source>When bytes last came or went; a UDP peer silent for %1 s is forgotten</source>
        <translation>Dernière arrivée ou dernier départ d’octets&#x202f;; un pair UDP silencieux depuis %1 s est oublié</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 (%2 dropped)</source>
        <translation>%1 (%2 abandonnés)</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
</context>
<context>
    <name>ClientWindow</name>
    <message>
        <source>TCP Echo Client</source>
        <translation>Client écho TCP</translation>
    </message>
    <message>
        <source>Cannot write the log file %1: %2</source>
        <translation>Impossible d’écrire le fichier journal %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>État de la connexion</translation>
    </message>
    <message>
        <source>Save received bytes</source>
        <translation>Enregistrer les octets reçus</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Connexion</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>Afficha&amp;ge</translation>
    </message>
    <message>
        <source>&amp;About TCP Echo Client</source>
        <translation>À &amp;propos du client écho TCP</translation>
    </message>
    <message>
        <source>Enter the server&apos;s host name or IP address.</source>
        <translation>Saisissez le nom d’hôte ou l’adresse IP du serveur.</translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>Déconnecté.</translation>
    </message>
    <message>
        <source>%1 Trying again at %2 (in %3 s, attempt %4).</source>
        <translation>%1 Nouvel essai à %2 (dans %3 s, tentative %4).</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Déconnecté</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Connecté à %1</translation>
    </message>
    <message>
        <source>Disconnecting from %1…</source>
        <translation>Déconnexion de %1…</translation>
    </message>
    <message>
        <source>About TCP Echo Client</source>
        <translation>À propos du client écho TCP</translation>
    </message>
    <message>
        <source>More menus</source>
        <translation>Autres menus</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Fichier journal</translation>
    </message>
    <message>
        <source>Connecting to %1… (attempt %2)</source>
        <translation>Connexion à %1… (tentative %2)</translation>
    </message>
    <message>
        <source>Sending UDP datagrams to %1 (no connection: the echoes say whether a server is there)</source>
        <translation>Envoi de datagrammes UDP à %1 (pas de connexion&#xa0;: les échos disent si un serveur est là)</translation>
    </message>
</context>
<context>
    <name>ClientsPane</name>
    <message>
        <source>&amp;Clients:</source>
        <translation>C&amp;lients&#xa0;:</translation>
    </message>
    <message>
        <source>Connected clients</source>
        <translation>Clients connectés</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Déconnecter</translation>
    </message>
    <message>
        <source>Disconnect the selected clients (%1)</source>
        <translation>Déconnecter les clients sélectionnés (%1)</translation>
    </message>
    <message>
        <source>Disconnect the selected clients</source>
        <translation>Déconnecter les clients sélectionnés</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>path</source>
        <translation>chemin</translation>
    </message>
    <message>
        <source>--log-file: the path is empty.</source>
        <translation>--log-file&#xa0;: le chemin est vide.</translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation>Argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Try &apos;%1 --help&apos;.</source>
        <translation>Essayez «&#xa0;%1 --help&#xa0;».</translation>
    </message>
    <message>
        <source>Address to listen on: an IP address, &apos;localhost&apos; (default) or &apos;any&apos; for all interfaces.</source>
        <translation>Adresse d’écoute&#xa0;: une adresse IP, «&#xa0;localhost&#xa0;» (par défaut) ou «&#xa0;any&#xa0;» pour toutes les interfaces.</translation>
    </message>
    <message>
        <source>address</source>
        <translation>adresse</translation>
    </message>
    <message>
        <source>port</source>
        <translation>port</translation>
    </message>
    <message>
        <source>Start listening at launch.</source>
        <translation>Commencer à écouter dès le lancement.</translation>
    </message>
    <message>
        <source>Run without a window: listen at once, print one line per event, stop on Ctrl+C or SIGTERM.</source>
        <translation>Fonctionner sans fenêtre&#xa0;: écouter aussitôt, écrire une ligne par événement, s’arrêter sur Ctrl+C ou SIGTERM.</translation>
    </message>
    <message>
        <source>Worker threads that echo (default: one per core, %1 here).</source>
        <translation>Threads de travail qui renvoient l’écho (par défaut&#xa0;: un par cœur, %1 ici).</translation>
    </message>
    <message>
        <source>count</source>
        <translation>nombre</translation>
    </message>
    <message>
        <source>Also append every line of the connection log to this file, as it happens.</source>
        <translation>Ajouter aussi chaque ligne du journal des connexions à ce fichier, au fil de l’eau.</translation>
    </message>
    <message>
        <source>host</source>
        <translation>hôte</translation>
    </message>
    <message>
        <source>Connect at launch.</source>
        <translation>Se connecter dès le lancement.</translation>
    </message>
    <message>
        <source>Also append every state change, send, receipt and echo check to this file, as it happens.</source>
        <translation>Ajouter aussi à ce fichier chaque changement d’état, envoi, réception et vérification de l’écho, au fil de l’eau.</translation>
    </message>
    <message>
        <source>--address: &apos;%1&apos; is not an IP address (try 127.0.0.1, ::1 or any).</source>
        <translation>--address&#xa0;: «&#xa0;%1&#xa0;» n’est pas une adresse IP (essayez 127.0.0.1,&#xa0;::1 ou any).</translation>
    </message>
    <message>
        <source>--threads: &apos;%1&apos; is not a thread count (1 to %2).</source>
        <translation>--threads&#xa0;: «&#xa0;%1&#xa0;» n’est pas un nombre de threads (de 1 à %2).</translation>
    </message>
    <message>
        <source>--max-clients: &apos;%1&apos; is not a client count (1 to %2).</source>
        <translation>--max-clients&#xa0;: «&#xa0;%1&#xa0;» n’est pas un nombre de clients (de 1 à %2).</translation>
    </message>
    <message>
        <source>--host: &apos;%1&apos; is not a host name or address.</source>
        <translation>--host&#xa0;: «&#xa0;%1&#xa0;» n’est ni un nom d’hôte ni une adresse.</translation>
    </message>
    <message>
        <source>--log-file: %1</source>
        <translation>--log-file&#xa0;: %1</translation>
    </message>
    <message>
        <source>--address: %1</source>
        <translation>--address&#xa0;: %1</translation>
    </message>
    <message>
        <source>--host: %1</source>
        <translation>--host&#xa0;: %1</translation>
    </message>
    <message>
        <source>Server host name or address (default %1).</source>
        <translation>Nom d’hôte ou adresse du serveur (%1 par défaut).</translation>
    </message>
    <message>
        <source>Server port (default %1).</source>
        <translation>Port du serveur (%1 par défaut).</translation>
    </message>
    <message>
        <source>Port to listen on (default %1; 0 picks a free one).</source>
        <translation>Port d’écoute (%1 par défaut&#x202f;; 0 en choisit un libre).</translation>
    </message>
    <message>
        <source>Use UDP (RFC 862): each keystroke, line or hex entry is one datagram, and each datagram&apos;s echo is checked.</source>
        <translation>Utiliser UDP (RFC 862)&#xa0;: chaque frappe, ligne ou saisie hexadécimale est un datagramme, et l’écho de chaque datagramme est vérifié.</translation>
    </message>
    <message>
        <source>--protocols: &apos;%1&apos; is not tcp, udp or tcp,udp.</source>
        <translation>--protocols&#xa0;: «&#xa0;%1&#xa0;» n’est ni tcp, ni udp, ni tcp,udp.</translation>
    </message>
    <message>
        <source>Echo server (RFC 862): every byte a TCP client sends, and every UDP datagram, comes back to its sender unchanged.</source>
        <translation>Serveur d’écho (RFC 862)&#xa0;: chaque octet envoyé par un client TCP, et chaque datagramme UDP, revient inchangé à son expéditeur.</translation>
    </message>
    <message>
        <source>Echo services to open on the port: tcp, udp or tcp,udp (default).</source>
        <translation>Services d’écho à ouvrir sur le port&#xa0;: tcp, udp ou tcp,udp (par défaut).</translation>
    </message>
    <message>
        <source>list</source>
        <translation>liste</translation>
    </message>
    <message>
        <source>--port: &apos;%1&apos; is not a port number (%2 to 65535).</source>
        <translation>--port&#xa0;: «&#xa0;%1&#xa0;» n’est pas un numéro de port (de %2 à 65535).</translation>
    </message>
    <message>
        <source>Echo client (RFC 862): what you type goes to the server over TCP or UDP, and you see what comes back.</source>
        <translation>Client d’écho (RFC 862)&#xa0;: ce que vous tapez part au serveur en TCP ou en UDP, et vous voyez ce qui revient.</translation>
    </message>
    <message>
        <source>Most TCP clients served at once; further connections are closed at once (default %1). UDP peers are not counted: they hold no connection.</source>
        <translation>Nombre maximal de clients TCP servis à la fois&#x202f;; les connexions suivantes sont fermées aussitôt (%1 par défaut). Les pairs UDP ne sont pas comptés&#xa0;: ils n’ont pas de connexion.</translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <source>Recent hosts are in the list</source>
        <translation>Les hôtes récents sont dans la liste</translation>
    </message>
    <message>
        <source>Server host</source>
        <translation>Hôte du serveur</translation>
    </message>
    <message>
        <source>host name or IP address</source>
        <translation>nom d’hôte ou adresse IP</translation>
    </message>
    <message>
        <source>Ho&amp;st:</source>
        <translation>&amp;Hôte&#xa0;:</translation>
    </message>
    <message>
        <source>Server port</source>
        <translation>Port du serveur</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port&#xa0;:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Connect to the server, or disconnect (%1)</source>
        <translation>Se connecter au serveur, ou se déconnecter (%1)</translation>
    </message>
    <message>
        <source>&amp;Reconnect automatically</source>
        <translation>&amp;Reconnecter automatiquement</translation>
    </message>
    <message>
        <source>When the connection drops, try again after 1, 2, 4 … up to 30 seconds</source>
        <translation>Quand la connexion tombe, réessayer après 1, 2, 4… jusqu’à 30 secondes</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocole</translation>
    </message>
    <message>
        <source>TCP: one byte stream. UDP: every send is a datagram of its own, echoed (or lost) on its own.</source>
        <translation>TCP&#xa0;: un seul flux d’octets. UDP&#xa0;: chaque envoi est un datagramme à part, renvoyé (ou perdu) à part.</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
</context>
<context>
    <name>DatagramCheck</name>
    <message>
        <source>Echo check: nothing sent yet</source>
        <translation>Vérification de l’écho&#xa0;: rien n’a encore été envoyé</translation>
    </message>
    <message>
        <source>Datagrams: %1 sent, %2 came back whole and in order</source>
        <translation>Datagrammes&#xa0;: %1 envoyés, %2 revenus intacts et dans l’ordre</translation>
    </message>
    <message>
        <source>Datagrams: %1 sent, %2 came back · lost %3 · duplicated %4 · reordered %5 · corrupted %6</source>
        <translation>Datagrammes&#xa0;: %1 envoyés, %2 revenus · perdus&#xa0;: %3 · en double&#xa0;: %4 · désordonnés&#xa0;: %5 · altérés&#xa0;: %6</translation>
    </message>
    <message>
        <source> · %1 came back after being counted lost</source>
        <translation> · %1 revenus après avoir été comptés perdus</translation>
    </message>
    <message>
        <source> · %1 in flight</source>
        <translation> · %1 en transit</translation>
    </message>
</context>
<context>
    <name>EchoCheck</name>
    <message>
        <source>Echo not checked: more than %1 bytes were sent without coming back</source>
        <translation>Écho non vérifié&#xa0;: plus de %1 octets ont été envoyés sans revenir</translation>
    </message>
    <message>
        <source>Differs at byte %1: sent %2, got %3</source>
        <translation>Diffère à l’octet %1&#xa0;: envoyé %2, reçu %3</translation>
    </message>
    <message>
        <source>Differs at byte %1: got %2 where nothing was sent yet (%3 more came back than was sent)</source>
        <translation>Diffère à l’octet %1&#xa0;: reçu %2 alors que rien n’a encore été envoyé (surplus revenu&#xa0;: %3)</translation>
    </message>
    <message>
        <source>Echo check: nothing sent yet</source>
        <translation>Vérification de l’écho&#xa0;: rien n’a encore été envoyé</translation>
    </message>
    <message>
        <source>Echo matches (%1)</source>
        <translation>L’écho correspond (%1)</translation>
    </message>
    <message>
        <source> · %1 in flight</source>
        <translation> · %1 en transit</translation>
    </message>
</context>
<context>
    <name>EchoClient</name>
    <message>
        <source>The connection closed before the file was sent.</source>
        <translation>La connexion s’est fermée avant la fin de l’envoi du fichier.</translation>
    </message>
    <message>
        <source>Connect first, then send the file.</source>
        <translation>Connectez-vous d’abord, puis envoyez le fichier.</translation>
    </message>
    <message>
        <source>A file is already being sent.</source>
        <translation>Un fichier est déjà en cours d’envoi.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1 seconde</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds</source>
        <translation>
            <numerusform>%n seconde</numerusform>
            <numerusform>%n secondes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Host &quot;%1&quot; not found: check the name, or use an IP address.</source>
        <translation>Hôte «&#xa0;%1&#xa0;» introuvable&#xa0;: vérifiez le nom, ou utilisez une adresse IP.</translation>
    </message>
    <message>
        <source>The server closed the connection.</source>
        <translation>Le serveur a fermé la connexion.</translation>
    </message>
    <message>
        <source>No answer from %1 after %2: the connection attempt timed out. A firewall may be dropping it, or the host is down.</source>
        <translation>Pas de réponse de %1 après %2&#xa0;: la tentative de connexion a expiré. Un pare-feu la rejette peut-être, ou l’hôte est éteint.</translation>
    </message>
    <message>
        <source>Connection refused by %1: no server is listening on that port.</source>
        <translation>Connexion refusée par %1&#xa0;: aucun serveur n’écoute sur ce port.</translation>
    </message>
    <message>
        <source>%1 did not answer in time.</source>
        <translation>%1 n’a pas répondu à temps.</translation>
    </message>
    <message>
        <source>Cannot reach %1 (%2): no route to that host.</source>
        <translation>Impossible de joindre %1 (%2)&#xa0;: aucune route vers cet hôte.</translation>
    </message>
    <message>
        <source>Not allowed to connect to %1 (%2).</source>
        <translation>Connexion à %1 non autorisée (%2).</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>A datagram of the file could not be sent.</source>
        <translation>Un datagramme du fichier n’a pas pu être envoyé.</translation>
    </message>
    <message>
        <source>Not sent: a UDP datagram to %1 holds at most %2 bytes, and this one has %3.</source>
        <translation>Non envoyé&#xa0;: un datagramme UDP vers %1 contient au plus %2 octets, et celui-ci en a %3.</translation>
    </message>
    <message>
        <source>%1: the datagram could not be sent (%2).</source>
        <translation>%1&#xa0;: le datagramme n’a pas pu être envoyé (%2).</translation>
    </message>
    <message>
        <source>No echo from %1: no server is listening on UDP port %2 (the host answered &quot;port unreachable&quot;).</source>
        <translation>Aucun écho de %1&#xa0;: aucun serveur n’écoute sur le port UDP %2 (l’hôte a répondu «&#xa0;port unreachable&#xa0;»).</translation>
    </message>
</context>
<context>
    <name>EchoServer</name>
    <message>
        <source>all interfaces (IPv4 + IPv6), port %1</source>
        <translation>toutes les interfaces (IPv4 + IPv6), port %1</translation>
    </message>
    <message>
        <source>all IPv4 interfaces, port %1</source>
        <translation>toutes les interfaces IPv4, port %1</translation>
    </message>
    <message>
        <source>all IPv6 interfaces, port %1</source>
        <translation>toutes les interfaces IPv6, port %1</translation>
    </message>
    <message>
        <source>Out of file descriptors (limit %1): new connections wait until clients leave. Raise the limit with ulimit -n.</source>
        <translation>Plus de descripteurs de fichier (limite %1)&#xa0;: les nouvelles connexions attendent que des clients partent. Relevez la limite avec ulimit -n.</translation>
    </message>
    <message>
        <source>Could not accept a connection: %1</source>
        <translation>Impossible d’accepter une connexion&#xa0;: %1</translation>
    </message>
    <message>
        <source>Port %1 is already in use (%2). Stop the other program or choose another port.</source>
        <translation>Le port %1 est déjà utilisé (%2). Arrêtez l’autre programme ou choisissez un autre port.</translation>
    </message>
    <message>
        <source>Not allowed to listen on %1: ports below 1024 need administrator rights.</source>
        <translation>Écoute sur %1 non autorisée&#xa0;: les ports inférieurs à 1024 demandent les droits d’administrateur.</translation>
    </message>
    <message>
        <source>Cannot listen on %1: that address does not belong to this machine.</source>
        <translation>Impossible d’écouter sur %1&#xa0;: cette adresse n’appartient pas à cette machine.</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>Impossible d’écouter sur %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1; serving UDP only.</source>
        <translation>%1&#x202f;; seul UDP est servi.</translation>
    </message>
    <message>
        <source>%1; serving TCP only.</source>
        <translation>%1&#x202f;; seul TCP est servi.</translation>
    </message>
    <message>
        <source>%1 port %2 is already in use (%3)</source>
        <translation>Le port %1 %2 est déjà utilisé (%3)</translation>
    </message>
    <message>
        <source>Not allowed to open %1 on %2: ports below 1024 need administrator rights</source>
        <translation>Interdit d’ouvrir %1 sur %2&#xa0;: les ports inférieurs à 1024 demandent les droits d’administrateur</translation>
    </message>
    <message>
        <source>Cannot open %1 on %2: that address does not belong to this machine</source>
        <translation>Impossible d’ouvrir %1 sur %2&#xa0;: cette adresse n’appartient pas à cette machine</translation>
    </message>
    <message>
        <source>Cannot open %1 on %2: %3</source>
        <translation>Impossible d’ouvrir %1 sur %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>%1. Stop the other program or choose another port.</source>
        <translation>%1. Arrêtez l’autre programme ou choisissez un autre port.</translation>
    </message>
    <message>
        <source>%1.</source>
        <translation>%1.</translation>
    </message>
    <message>
        <source>Nothing to serve: choose TCP, UDP or both.</source>
        <translation>Rien à servir&#xa0;: choisissez TCP, UDP ou les deux.</translation>
    </message>
</context>
<context>
    <name>EchoSession</name>
    <message>
        <source>the client reset the connection</source>
        <translation>le client a réinitialisé la connexion</translation>
    </message>
</context>
<context>
    <name>EchoView</name>
    <message>
        <source>Received text</source>
        <translation>Texte reçu</translation>
    </message>
    <message>
        <source>Cannot save to %1: %2</source>
        <translation>Impossible d’enregistrer dans %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>[… text not shown: it arrived faster than it can be displayed (characters skipped: %L1) …]
</source>
        <translation>[… texte non affiché&#xa0;: il est arrivé plus vite qu’il ne peut être affiché (caractères sautés&#xa0;: %L1) …]
</translation>
    </message>
    <message>
        <source>[… bytes not shown: they arrived faster than they can be displayed (bytes skipped: %L1) …]
</source>
        <translation>[… octets non affichés&#xa0;: ils sont arrivés plus vite qu’ils ne peuvent être affichés (octets sautés&#xa0;: %L1) …]
</translation>
    </message>
</context>
<context>
    <name>FiguresPanel</name>
    <message>
        <source>Echo check</source>
        <translation>Vérification de l’écho</translation>
    </message>
    <message>
        <source>Round-trip times</source>
        <translation>Temps d’aller-retour</translation>
    </message>
    <message>
        <source>Chart of the last 200 round-trip times</source>
        <translation>Graphique des 200 derniers temps d’aller-retour</translation>
    </message>
    <message>
        <source>Round trip: last %1 · median %2 · 99th percentile %3 (of the last %4)</source>
        <translation>Aller-retour&#xa0;: dernier %1 · médiane %2 · 99ᵉ centile %3 (sur les %4 derniers)</translation>
    </message>
    <message>
        <source>Round trip: none yet</source>
        <translation>Aller-retour&#xa0;: aucun pour l’instant</translation>
    </message>
</context>
<context>
    <name>FilePanel</name>
    <message>
        <source>Send &amp;file…</source>
        <translation>Envoyer &amp;un fichier…</translation>
    </message>
    <message>
        <source>Stream a file to the server; the echo check says whether it all came back</source>
        <translation>Envoyer un fichier en flux au serveur&#x202f;; la vérification de l’écho dit s’il est revenu en entier</translation>
    </message>
    <message>
        <source>File sending progress</source>
        <translation>Progression de l’envoi du fichier</translation>
    </message>
    <message>
        <source>No file sent yet</source>
        <translation>Aucun fichier envoyé</translation>
    </message>
    <message>
        <source>Cancel file</source>
        <translation>Annuler le fichier</translation>
    </message>
    <message>
        <source>File sending</source>
        <translation>Envoi de fichier</translation>
    </message>
    <message>
        <source>Send &amp;File…</source>
        <translation>Envoyer un fic&amp;hier…</translation>
    </message>
    <message>
        <source>Cancel F&amp;ile</source>
        <translation>Ann&amp;uler le fichier</translation>
    </message>
    <message>
        <source>Send a file to the server</source>
        <translation>Envoyer un fichier au serveur</translation>
    </message>
    <message>
        <source>Sending %1…</source>
        <translation>Envoi de %1…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>File sent (%1); the echo check says whether it all came back the same.</source>
        <translation>Fichier envoyé (%1)&#x202f;; la vérification de l’écho dit s’il est revenu identique.</translation>
    </message>
    <message>
        <source>File stopped after %1 of %2: %3</source>
        <translation>Fichier interrompu après %1 sur %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>Datagram size</source>
        <translation>Taille des datagrammes</translation>
    </message>
    <message>
        <source>Over UDP a file goes in datagrams of this many bytes</source>
        <translation>En UDP, un fichier part en datagrammes de ce nombre d’octets</translation>
    </message>
    <message>
        <source> bytes per datagram</source>
        <translation> octets par datagramme</translation>
    </message>
</context>
<context>
    <name>FileSender</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Reading %1 failed: %2</source>
        <translation>La lecture de %1 a échoué&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>HeadlessServer</name>
    <message>
        <source>--log-file: cannot write &apos;%1&apos;: %2</source>
        <translation>--log-file&#xa0;: impossible d’écrire «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>Signal %1 received: stopping</source>
        <translation>Signal %1 reçu&#xa0;: arrêt</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
</context>
<context>
    <name>HexInput</name>
    <message>
        <source>Bytes to send, as hex</source>
        <translation>Octets à envoyer, en hexadécimal</translation>
    </message>
    <message>
        <source>Bytes as hex, e.g. 48 65 6c 6c 6f; Enter sends them</source>
        <translation>Octets en hexadécimal, p. ex. 48 65 6c 6c 6f&#x202f;; Entrée les envoie</translation>
    </message>
    <message>
        <source>Hex input problem</source>
        <translation>Problème dans la saisie hexadécimale</translation>
    </message>
</context>
<context>
    <name>HexParser</name>
    <message>
        <source>“%1” at position %2 is not a hex digit (0–9, a–f).</source>
        <translation>«&#xa0;%1&#xa0;» à la position %2 n’est pas un chiffre hexadécimal (0–9, a–f).</translation>
    </message>
    <message>
        <source>“%1” has an odd number of hex digits: each byte is two digits (write 0a, not a).</source>
        <translation>«&#xa0;%1&#xa0;» a un nombre impair de chiffres hexadécimaux&#xa0;: chaque octet s’écrit avec deux chiffres (écrivez 0a, pas a).</translation>
    </message>
    <message>
        <source>Type bytes as hex, for example 48 65 6c 6c 6f.</source>
        <translation>Tapez des octets en hexadécimal, par exemple 48 65 6c 6c 6f.</translation>
    </message>
</context>
<context>
    <name>InputPanel</name>
    <message>
        <source>Text to send</source>
        <translation>Texte à envoyer</translation>
    </message>
    <message>
        <source>Every key is sent to the server the moment it is pressed.</source>
        <translation>Chaque touche est envoyée au serveur dès qu’elle est pressée.</translation>
    </message>
    <message>
        <source>Line to send</source>
        <translation>Ligne à envoyer</translation>
    </message>
    <message>
        <source>Enter sends the line; Up and Down recall earlier lines.</source>
        <translation>Entrée envoie la ligne&#x202f;; Haut et Bas rappellent les lignes précédentes.</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Taper&#xa0;:</translation>
    </message>
    <message>
        <source>Connect first, then type here</source>
        <translation>Connectez-vous d’abord, puis tapez ici</translation>
    </message>
    <message>
        <source>Each key is sent as you press it; Enter sends a line break</source>
        <translation>Chaque touche part dès que vous appuyez dessus&#x202f;; Entrée envoie un saut de ligne</translation>
    </message>
</context>
<context>
    <name>LineLogFile</name>
    <message>
        <source>&apos;%1&apos; is not a regular file.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas un fichier ordinaire.</translation>
    </message>
    <message>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>impossible d’écrire «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>cannot create &apos;%1&apos;: there is no folder %2.</source>
        <translation>impossible de créer «&#xa0;%1&#xa0;»&#xa0;: le dossier %2 n’existe pas.</translation>
    </message>
    <message>
        <source>cannot create &apos;%1&apos;: the folder %2 is not writable.</source>
        <translation>impossible de créer «&#xa0;%1&#xa0;»&#xa0;: le dossier %2 n’est pas accessible en écriture.</translation>
    </message>
    <message>
        <source>Cannot write the log file %1: %2. Lines that cannot be written are counted, and the file will say how many are missing.</source>
        <translation>Impossible d’écrire le fichier journal %1&#xa0;: %2. Les lignes qui ne peuvent pas être écrites sont comptées, et le fichier dira combien manquent.</translation>
    </message>
    <message>
        <source>[1 line missing here: it could not be written at %1 (%2)]</source>
        <translation>[1 ligne manque ici&#xa0;: elle n’a pas pu être écrite à %1 (%2)]</translation>
    </message>
    <message numerus="yes">
        <source>[%n lines missing here: they could not be written from %1 to %2 (%3)]</source>
        <translation>
            <numerusform>[%n ligne manque ici&#xa0;: elle n’a pas pu être écrite de %1 à %2 (%3)]</numerusform>
            <numerusform>[%n lignes manquent ici&#xa0;: elles n’ont pas pu être écrites de %1 à %2 (%3)]</numerusform>
        </translation>
    </message>
    <message>
        <source>The log file %1 is written again; 1 line is missing from it, marked where it belongs.</source>
        <translation>Le fichier journal %1 est de nouveau écrit&#x202f;; 1 ligne y manque, signalée à sa place.</translation>
    </message>
    <message numerus="yes">
        <source>The log file %1 is written again; %n lines are missing from it, marked where they belong.</source>
        <translation>
            <numerusform>Le fichier journal %1 est de nouveau écrit&#x202f;; %n ligne y manque, signalée à sa place.</numerusform>
            <numerusform>Le fichier journal %1 est de nouveau écrit&#x202f;; %n lignes y manquent, signalées à leur place.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LinkLocal</name>
    <message>
        <source>&apos;%1&apos; is a link-local address, which needs its network interface: for example %2.</source>
        <translation>«&#xa0;%1&#xa0;» est une adresse lien-local, qui a besoin de son interface réseau&#xa0;: par exemple %2.</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: this machine has no network interface &apos;%2&apos; (for example %3).</source>
        <translation>«&#xa0;%1&#xa0;»&#xa0;: cette machine n’a pas d’interface réseau «&#xa0;%2&#xa0;» (par exemple %3).</translation>
    </message>
</context>
<context>
    <name>ListenAddress</name>
    <message>
        <source>Localhost only (127.0.0.1)</source>
        <translation>Localhost seulement (127.0.0.1)</translation>
    </message>
    <message>
        <source>All interfaces (IPv4 + IPv6)</source>
        <translation>Toutes les interfaces (IPv4 + IPv6)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>ListenBar</name>
    <message>
        <source>Listen address</source>
        <translation>Adresse d’écoute</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>Adr&amp;esse&#xa0;:</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Any free port</source>
        <translation>Un port libre</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port&#xa0;:</translation>
    </message>
    <message>
        <source>All IPv4 interfaces (0.0.0.0)</source>
        <translation>Toutes les interfaces IPv4 (0.0.0.0)</translation>
    </message>
    <message>
        <source>All IPv6 interfaces (::)</source>
        <translation>Toutes les interfaces IPv6 (::)</translation>
    </message>
    <message>
        <source>This address only (%1)</source>
        <translation>Cette adresse seulement (%1)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>Écouter</translation>
    </message>
    <message>
        <source>Stop listening and disconnect every client (%1)</source>
        <translation>Arrêter l’écoute et déconnecter tous les clients (%1)</translation>
    </message>
    <message>
        <source>Start listening for connections (%1)</source>
        <translation>Commencer à écouter les connexions (%1)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>&amp;Listen</source>
        <translation>É&amp;couter</translation>
    </message>
    <message>
        <source>Stop the server to change the address.</source>
        <translation>Arrêtez le serveur pour changer l’adresse.</translation>
    </message>
    <message>
        <source>Which network interfaces accept connections. &quot;Localhost only&quot; can be reached from this computer alone.</source>
        <translation>Les interfaces réseau qui acceptent les connexions. «&#xa0;Localhost seulement&#xa0;» n’est joignable que depuis cet ordinateur.</translation>
    </message>
    <message>
        <source>Stop the server to change the port.</source>
        <translation>Arrêtez le serveur pour changer le port.</translation>
    </message>
    <message>
        <source>&amp;UDP</source>
        <translation>&amp;UDP</translation>
    </message>
    <message>
        <source>The port clients connect to (TCP) and send datagrams to (UDP).</source>
        <translation>Le port auquel les clients se connectent (TCP) et envoient leurs datagrammes (UDP).</translation>
    </message>
    <message>
        <source>Stop the server to change the protocols.</source>
        <translation>Arrêtez le serveur pour changer les protocoles.</translation>
    </message>
    <message>
        <source>Echo over TCP connections: a byte stream, where several writes can arrive as one read.</source>
        <translation>Écho sur des connexions TCP&#xa0;: un flux d’octets, où plusieurs envois peuvent arriver en une seule lecture.</translation>
    </message>
    <message>
        <source>Echo UDP datagrams: each one is sent back on its own, boundaries kept, and may be lost.</source>
        <translation>Écho de datagrammes UDP&#xa0;: chacun est renvoyé seul, ses limites gardées, et peut se perdre.</translation>
    </message>
    <message>
        <source>Echo over TCP</source>
        <translation>Écho sur TCP</translation>
    </message>
    <message>
        <source>Echo over UDP</source>
        <translation>Écho sur UDP</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>LogPane</name>
    <message>
        <source>Connection &amp;log:</source>
        <translation>Journal des c&amp;onnexions&#xa0;:</translation>
    </message>
    <message>
        <source>Filter the log</source>
        <translation>Filtrer le journal</translation>
    </message>
    <message>
        <source>Filter by client or text</source>
        <translation>Filtrer par client ou par texte</translation>
    </message>
    <message>
        <source>Show da&amp;ta</source>
        <translation>Afficher les do&amp;nnées</translation>
    </message>
    <message>
        <source>Show data lines</source>
        <translation>Afficher les lignes de données</translation>
    </message>
    <message>
        <source>Log what each client sends and what is echoed (gathered to about one line a second per client)</source>
        <translation>Journaliser ce que chaque client envoie et ce qui est renvoyé (regroupé en une ligne par seconde environ et par client)</translation>
    </message>
    <message>
        <source>&amp;Save log…</source>
        <translation>En&amp;registrer le journal…</translation>
    </message>
    <message>
        <source>Save the log to a file</source>
        <translation>Enregistrer le journal dans un fichier</translation>
    </message>
    <message>
        <source>Save the lines shown as text or CSV (%1)</source>
        <translation>Enregistrer les lignes affichées en texte ou en CSV (%1)</translation>
    </message>
    <message>
        <source>Cl&amp;ear</source>
        <translation>E&amp;ffacer</translation>
    </message>
    <message>
        <source>Clear the log</source>
        <translation>Effacer le journal</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>Fil&amp;tre&#xa0;:</translation>
    </message>
    <message>
        <source>Connection log</source>
        <translation>Journal des connexions</translation>
    </message>
    <message>
        <source>&amp;Save Log…</source>
        <translation>&amp;Enregistrer le journal…</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>E&amp;ffacer</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>Fil&amp;trer</translation>
    </message>
</context>
<context>
    <name>ModeBar</name>
    <message>
        <source>Input mode</source>
        <translation>Mode de saisie</translation>
    </message>
    <message>
        <source>Keystroke: each key at once</source>
        <translation>Touche par touche&#xa0;: chaque touche aussitôt</translation>
    </message>
    <message>
        <source>Line: Enter sends the line</source>
        <translation>Ligne&#xa0;: Entrée envoie la ligne</translation>
    </message>
    <message>
        <source>Hex: bytes as hex digits</source>
        <translation>Hexa&#xa0;: octets en chiffres hexadécimaux</translation>
    </message>
    <message>
        <source>Sen&amp;d:</source>
        <translation>&amp;Mode d’envoi&#xa0;:</translation>
    </message>
    <message>
        <source>Line ending sent for Enter</source>
        <translation>Fin de ligne envoyée pour Entrée</translation>
    </message>
    <message>
        <source>LF (\n)</source>
        <translation>LF (\n)</translation>
    </message>
    <message>
        <source>CR (\r)</source>
        <translation>CR (\r)</translation>
    </message>
    <message>
        <source>CR LF (\r\n)</source>
        <translation>CR LF (\r\n)</translation>
    </message>
    <message>
        <source>&amp;Enter sends:</source>
        <translation>Entrée en&amp;voie&#xa0;:</translation>
    </message>
    <message>
        <source>TCP_&amp;NODELAY</source>
        <translation>TCP_&amp;NODELAY</translation>
    </message>
    <message>
        <source>TCP_NODELAY: send small writes at once</source>
        <translation>TCP_NODELAY&#xa0;: envoyer aussitôt les petites écritures</translation>
    </message>
    <message>
        <source>On: each keystroke leaves at once. Off: Nagle&apos;s algorithm holds small writes back while earlier ones are unanswered.</source>
        <translation>Coché&#xa0;: chaque frappe part aussitôt. Décoché&#xa0;: l’algorithme de Nagle retient les petites écritures tant que les précédentes sont sans réponse.</translation>
    </message>
    <message>
        <source>Show bytes as</source>
        <translation>Afficher les octets en</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hexa</translation>
    </message>
    <message>
        <source>Sho&amp;w as:</source>
        <translation>A&amp;fficher en&#xa0;:</translation>
    </message>
    <message>
        <source>Show as %1</source>
        <translation>Vue %1</translation>
    </message>
</context>
<context>
    <name>QCommandLineParser</name>
    <message>
        <source>Displays help on commandline options.</source>
        <translation>Afficher l’aide sur les options de la ligne de commande.</translation>
    </message>
    <message>
        <source>Displays help including Qt specific options.</source>
        <translation>Afficher l’aide, options propres à Qt comprises.</translation>
    </message>
    <message>
        <source>Unknown option &apos;%1&apos;.</source>
        <translation>Option inconnue «&#xa0;%1&#xa0;».</translation>
    </message>
</context>
<context>
    <name>RttChart</name>
    <message>
        <source>No round trips yet</source>
        <translation>Aucun aller-retour pour l’instant</translation>
    </message>
    <message>
        <source>Last %1 round trips: scale 0–%2, highest %3 (hatched: off the scale)</source>
        <translation>%1 derniers A-R&#xa0;: 0–%2, max. %3 (hachuré&#xa0;: hors échelle)</translation>
    </message>
    <message>
        <source>Last %1 round trips: scale 0–%2</source>
        <translation>%1 derniers allers-retours&#xa0;: échelle 0–%2</translation>
    </message>
</context>
<context>
    <name>ServerConsole</name>
    <message>
        <source>Error: %1</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>1 client served</source>
        <translation>1 client servi</translation>
    </message>
    <message numerus="yes">
        <source>%n clients served</source>
        <translation>
            <numerusform>%n client servi</numerusform>
            <numerusform>%n clients servis</numerusform>
        </translation>
    </message>
    <message>
        <source>Totals: %1, %2 received, %3 echoed</source>
        <translation>Totaux&#xa0;: %1&#x202f;; %2 en réception, %3 en écho</translation>
    </message>
    <message>
        <source>1 console line not written: standard output was not being read</source>
        <translation>1 ligne de console non écrite&#xa0;: la sortie standard n’était pas lue</translation>
    </message>
    <message numerus="yes">
        <source>%n console lines not written: standard output was not being read</source>
        <translation>
            <numerusform>%n ligne de console non écrite&#xa0;: la sortie standard n’était pas lue</numerusform>
            <numerusform>%n lignes de console non écrites&#xa0;: la sortie standard n’était pas lue</numerusform>
        </translation>
    </message>
    <message>
        <source>Summary: %1, %2 echoed in the last %3 s (%4 MB/s); %5 received, %6 echoed in all</source>
        <translation>Bilan&#xa0;: %1, %2 renvoyés ces %3 dernières s (%4 Mo/s)&#x202f;; %5 reçus, %6 renvoyés en tout</translation>
    </message>
    <message numerus="yes">
        <source>%n clients connected</source>
        <translation>
            <numerusform>%n client connecté</numerusform>
            <numerusform>%n clients connectés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n UDP peers</source>
        <translation>
            <numerusform>%n pair UDP</numerusform>
            <numerusform>%n pairs UDP</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>1 client connected</source>
        <translation>1 client connecté</translation>
    </message>
    <message>
        <source>1 UDP peer</source>
        <translation>1 pair UDP</translation>
    </message>
</context>
<context>
    <name>ServerEventText</name>
    <message>
        <source>closed the connection</source>
        <translation>a fermé la connexion</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>connexion perdue</translation>
    </message>
    <message>
        <source>disconnected by the server</source>
        <translation>déconnecté par le serveur</translation>
    </message>
    <message>
        <source>disconnected because the server stopped</source>
        <translation>déconnecté parce que le serveur s’est arrêté</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>client #%1</source>
        <translation>client #%1</translation>
    </message>
    <message>
        <source>client #%1 %2</source>
        <translation>client #%1 %2</translation>
    </message>
    <message>
        <source>%1: connection accepted</source>
        <translation>%1&#xa0;: connexion acceptée</translation>
    </message>
    <message>
        <source>%1: %2 (%3 received, %4 echoed in total)</source>
        <translation>%1&#xa0;: %2 (au total %3 en réception, %4 en écho)</translation>
    </message>
    <message>
        <source>Refused 1 connection: the limit of %1 clients is reached.</source>
        <translation>1 connexion refusée&#xa0;: la limite de %1 clients est atteinte.</translation>
    </message>
    <message numerus="yes">
        <source>Refused %n connections: the limit of %1 clients is reached.</source>
        <translation>
            <numerusform>%n connexion refusée&#xa0;: la limite de %1 clients est atteinte.</numerusform>
            <numerusform>%n connexions refusées&#xa0;: la limite de %1 clients est atteinte.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: shut down its sending side; echoing the remaining %2, then closing</source>
        <translation>%1&#xa0;: a fermé son sens d’envoi&#x202f;; écho du reste (%2), puis fermeture</translation>
    </message>
    <message>
        <source>A client reset its connection before it was served.</source>
        <translation>Un client a réinitialisé sa connexion avant d’être servi.</translation>
    </message>
    <message numerus="yes">
        <source>%n clients reset their connection before they were served.</source>
        <translation>
            <numerusform>%n client a réinitialisé sa connexion avant d’être servi.</numerusform>
            <numerusform>%n clients ont réinitialisé leur connexion avant d’être servis.</numerusform>
        </translation>
    </message>
    <message>
        <source>Lost 1 connection before it was served: %1</source>
        <translation>1 connexion perdue avant d’être servie&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>Lost %n connections before they were served: %1</source>
        <translation>
            <numerusform>%n connexion perdue avant d’être servie&#xa0;: %1</numerusform>
            <numerusform>%n connexions perdues avant d’être servies&#xa0;: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Listening on %1 with %n worker threads (at most %2 clients)</source>
        <translation>
            <numerusform>Écoute sur %1 avec %n thread de travail (%2 clients au plus)</numerusform>
            <numerusform>Écoute sur %1 avec %n threads de travail (%2 clients au plus)</numerusform>
        </translation>
    </message>
    <message>
        <source>IPv6 socket that also accepts IPv4</source>
        <translation>socket IPv6 qui accepte aussi l’IPv4</translation>
    </message>
    <message>
        <source>IPv6 socket</source>
        <translation>socket IPv6</translation>
    </message>
    <message>
        <source>IPv4 socket</source>
        <translation>socket IPv4</translation>
    </message>
    <message>
        <source>Created a TCP %1</source>
        <translation>Création d’un %1 (TCP)</translation>
    </message>
    <message>
        <source>Bound to %1</source>
        <translation>Lié à %1</translation>
    </message>
    <message numerus="yes">
        <source>Listening on %1 (backlog %2, %n worker threads)</source>
        <translation>
            <numerusform>Écoute sur %1 (file d’attente %2, %n thread de travail)</numerusform>
            <numerusform>Écoute sur %1 (file d’attente %2, %n threads de travail)</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped listening on %1</source>
        <translation>Fin de l’écoute sur %1</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>Connection accepted from %1, served by worker %2</source>
        <translation>Connexion acceptée depuis %1, servie par le thread %2</translation>
    </message>
    <message>
        <source>Client shut down its sending side; echoing the remaining %1, then closing</source>
        <translation>Le client a fermé son sens d’envoi&#x202f;; écho du reste (%1), puis fermeture</translation>
    </message>
    <message>
        <source>Client closed the connection</source>
        <translation>Le client a fermé la connexion</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>Connexion perdue</translation>
    </message>
    <message>
        <source>Connection closed by the server</source>
        <translation>Connexion fermée par le serveur</translation>
    </message>
    <message>
        <source>Disconnected because the server stopped</source>
        <translation>Déconnecté parce que le serveur s’est arrêté</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 received, %2 echoed in total</source>
        <translation>au total %1 en réception, %2 en écho</translation>
    </message>
    <message>
        <source>1 read</source>
        <translation>1 lecture</translation>
    </message>
    <message numerus="yes">
        <source>%Ln reads</source>
        <translation>
            <numerusform>%Ln lecture</numerusform>
            <numerusform>%Ln lectures</numerusform>
        </translation>
    </message>
    <message>
        <source>Received %1 in %2</source>
        <translation>Réception de %1 en %2</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot;</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>Echoed %1</source>
        <translation>Écho de %1</translation>
    </message>
    <message>
        <source>1 client connected</source>
        <translation>1 client connecté</translation>
    </message>
    <message numerus="yes">
        <source>%n clients connected</source>
        <translation>
            <numerusform>%n client connecté</numerusform>
            <numerusform>%n clients connectés</numerusform>
        </translation>
    </message>
    <message>
        <source>1 client shut down its sending side</source>
        <translation>1 client a fermé son sens d’envoi</translation>
    </message>
    <message numerus="yes">
        <source>%n clients shut down their sending side</source>
        <translation>
            <numerusform>%n client a fermé son sens d’envoi</numerusform>
            <numerusform>%n clients ont fermé leur sens d’envoi</numerusform>
        </translation>
    </message>
    <message>
        <source>1 client left (%1 received, %2 echoed in total)</source>
        <translation>1 client parti (au total %1 en réception, %2 en écho)</translation>
    </message>
    <message numerus="yes">
        <source>%n clients left (%1 received, %2 echoed in total)</source>
        <translation>
            <numerusform>%n client parti (au total %1 en réception, %2 en écho)</numerusform>
            <numerusform>%n clients partis (au total %1 en réception, %2 en écho)</numerusform>
        </translation>
    </message>
    <message>
        <source>In the last second: %1</source>
        <translation>Dans la dernière seconde&#xa0;: %1</translation>
    </message>
    <message>
        <source>UDP peer silent for %1 s, forgotten</source>
        <translation>Pair UDP silencieux depuis %1 s, oublié</translation>
    </message>
    <message>
        <source>silent for %1 s, forgotten</source>
        <translation>silencieux depuis %1 s, oublié</translation>
    </message>
    <message>
        <source>UDP peer forgotten to make room for a newer one</source>
        <translation>Pair UDP oublié pour faire place à un plus récent</translation>
    </message>
    <message>
        <source>forgotten to make room for a newer UDP peer</source>
        <translation>oublié pour faire place à un pair UDP plus récent</translation>
    </message>
    <message numerus="yes">
        <source>Serving UDP on %1 with %n worker sockets (at most %2 peers remembered)</source>
        <translation>
            <numerusform>Service UDP sur %1 avec %n socket de thread de travail (%2 pairs retenus au plus)</numerusform>
            <numerusform>Service UDP sur %1 avec %n sockets de threads de travail (%2 pairs retenus au plus)</numerusform>
        </translation>
    </message>
    <message>
        <source>#%1 %2 (UDP)</source>
        <translation>#%1 %2 (UDP)</translation>
    </message>
    <message>
        <source>peer #%1 %2 (UDP)</source>
        <translation>pair #%1 %2 (UDP)</translation>
    </message>
    <message>
        <source>First datagram from %1 (UDP), served by worker %2</source>
        <translation>Premier datagramme de %1 (UDP), servi par le thread %2</translation>
    </message>
    <message>
        <source>%1: first datagram</source>
        <translation>%1&#xa0;: premier datagramme</translation>
    </message>
    <message>
        <source>UDP peer forgotten by the server</source>
        <translation>Pair UDP oublié par le serveur</translation>
    </message>
    <message>
        <source>forgotten by the server</source>
        <translation>oublié par le serveur</translation>
    </message>
    <message>
        <source>UDP peer forgotten because the server stopped</source>
        <translation>Pair UDP oublié parce que le serveur s’est arrêté</translation>
    </message>
    <message>
        <source>forgotten because the server stopped</source>
        <translation>oublié parce que le serveur s’est arrêté</translation>
    </message>
    <message>
        <source>1 datagram</source>
        <translation>1 datagramme</translation>
    </message>
    <message numerus="yes">
        <source>%Ln datagrams</source>
        <translation>
            <numerusform>%Ln datagramme</numerusform>
            <numerusform>%Ln datagrammes</numerusform>
        </translation>
    </message>
    <message>
        <source>Received %1, %2</source>
        <translation>Réception de %1, %2</translation>
    </message>
    <message>
        <source>Echoed %1, %2</source>
        <translation>Écho de %1, %2</translation>
    </message>
    <message>
        <source>%1; 1 dropped: the kernel refused it</source>
        <translation>%1&#x202f;; 1 abandonné&#xa0;: le noyau l’a refusé</translation>
    </message>
    <message numerus="yes">
        <source>%1; %Ln dropped: the kernel refused them</source>
        <translation>
            <numerusform>%1&#x202f;; %Ln abandonné&#xa0;: le noyau l’a refusé</numerusform>
            <numerusform>%1&#x202f;; %Ln abandonnés&#xa0;: le noyau les a refusés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Created a UDP %1 for each worker (%n), sharing the port with SO_REUSEPORT</source>
        <translation>
            <numerusform>Création d’un %1 UDP pour chaque thread (%n), qui partagent le port grâce à SO_REUSEPORT</numerusform>
            <numerusform>Création d’un %1 UDP pour chaque thread (%n), qui partagent le port grâce à SO_REUSEPORT</numerusform>
        </translation>
    </message>
    <message>
        <source>1 new UDP peer</source>
        <translation>1 nouveau pair UDP</translation>
    </message>
    <message numerus="yes">
        <source>%n new UDP peers</source>
        <translation>
            <numerusform>%n nouveau pair UDP</numerusform>
            <numerusform>%n nouveaux pairs UDP</numerusform>
        </translation>
    </message>
    <message>
        <source>1 UDP peer forgotten</source>
        <translation>1 pair UDP oublié</translation>
    </message>
    <message numerus="yes">
        <source>%n UDP peers forgotten</source>
        <translation>
            <numerusform>%n pair UDP oublié</numerusform>
            <numerusform>%n pairs UDP oubliés</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerLogWriter</name>
    <message>
        <source>Disconnecting: %1</source>
        <translation>Déconnexion&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>ServerStatusBar</name>
    <message>
        <source>%1 B/s</source>
        <translation>%1 o/s</translation>
    </message>
    <message>
        <source>%1 KB/s</source>
        <translation>%1 Ko/s</translation>
    </message>
    <message>
        <source>%1 MB/s</source>
        <translation>%1 Mo/s</translation>
    </message>
    <message>
        <source>Connected clients</source>
        <translation>Clients connectés</translation>
    </message>
    <message>
        <source>Total bytes echoed</source>
        <translation>Total des octets renvoyés</translation>
    </message>
    <message>
        <source>Current echo rate</source>
        <translation>Débit d’écho actuel</translation>
    </message>
    <message>
        <source>%1 bytes echoed</source>
        <translation>%1 octets renvoyés</translation>
    </message>
    <message>
        <source>Echo rate: %1</source>
        <translation>Débit d’écho&#xa0;: %1</translation>
    </message>
    <message>
        <source>No clients connected</source>
        <translation>Aucun client connecté</translation>
    </message>
    <message>
        <source>1 client connected</source>
        <translation>1 client connecté</translation>
    </message>
    <message>
        <source>%1 clients connected</source>
        <translation>%1 clients connectés</translation>
    </message>
    <message>
        <source>%1 echoed</source>
        <translation>Écho&#xa0;: %1</translation>
    </message>
    <message>
        <source>Echo rate: –</source>
        <translation>Débit d’écho&#xa0;: –</translation>
    </message>
    <message>
        <source>no UDP peers</source>
        <translation>aucun pair UDP</translation>
    </message>
    <message>
        <source>1 UDP peer</source>
        <translation>1 pair UDP</translation>
    </message>
    <message>
        <source>%1 UDP peers</source>
        <translation>%1 pairs UDP</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>ServerWindow</name>
    <message>
        <source>TCP Echo Server</source>
        <translation>Serveur écho TCP</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Arrêté</translation>
    </message>
    <message>
        <source>Cannot write the log file %1: %2</source>
        <translation>Impossible d’écrire le fichier journal %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Server status</source>
        <translation>État du serveur</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;About TCP Echo Server</source>
        <translation>À &amp;propos du serveur écho TCP</translation>
    </message>
    <message>
        <source>chosen in the client table</source>
        <translation>choisi dans le tableau des clients</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Save Log</source>
        <translation>Enregistrer le journal</translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation>Texte (*.txt)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Impossible d’écrire %1.</translation>
    </message>
    <message>
        <source>About TCP Echo Server</source>
        <translation>À propos du serveur écho TCP</translation>
    </message>
    <message>
        <source>Se&amp;rver</source>
        <translation>&amp;Serveur</translation>
    </message>
    <message>
        <source>Clie&amp;nts</source>
        <translation>&amp;Clients</translation>
    </message>
    <message>
        <source>L&amp;og</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <source>TCP and UDP</source>
        <translation>TCP et UDP</translation>
    </message>
    <message>
        <source>Listening on %1 (%2)</source>
        <translation>À l’écoute sur %1 (%2)</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
</context>
<context>
    <name>StreamViews</name>
    <message>
        <source>Sent to the server</source>
        <translation>Envoyé au serveur</translation>
    </message>
    <message>
        <source>→ Sent t&amp;o the server</source>
        <translation>→ Envoyé au &amp;serveur</translation>
    </message>
    <message>
        <source>Received from the server</source>
        <translation>Reçu du serveur</translation>
    </message>
    <message>
        <source>← Rece&amp;ived from the server</source>
        <translation>← Reçu &amp;du serveur</translation>
    </message>
</context>
<context>
    <name>TrafficBar</name>
    <message>
        <source>Byte counters</source>
        <translation>Compteurs d’octets</translation>
    </message>
    <message>
        <source>Cop&amp;y</source>
        <translation>C&amp;opier</translation>
    </message>
    <message>
        <source>Copy received text</source>
        <translation>Copier le texte reçu</translation>
    </message>
    <message>
        <source>Copy the received text (the selection, if any)</source>
        <translation>Copier le texte reçu (la sélection, s’il y en a une)</translation>
    </message>
    <message>
        <source>S&amp;ave…</source>
        <translation>Enreg&amp;istrer…</translation>
    </message>
    <message>
        <source>Save received bytes</source>
        <translation>Enregistrer les octets reçus</translation>
    </message>
    <message>
        <source>Save the newest received bytes (up to 1 MiB), exactly as they arrived</source>
        <translation>Enregistrer les derniers octets reçus (jusqu’à 1 Mio), tels qu’ils sont arrivés</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Effacer</translation>
    </message>
    <message>
        <source>Clear sent and received text</source>
        <translation>Effacer le texte envoyé et reçu</translation>
    </message>
    <message>
        <source>Clear both views; the counters keep counting</source>
        <translation>Vider les deux vues&#x202f;; les compteurs continuent de compter</translation>
    </message>
    <message>
        <source>&amp;Save Received…</source>
        <translation>&amp;Enregistrer les données reçues…</translation>
    </message>
    <message>
        <source>C&amp;opy Received</source>
        <translation>&amp;Copier les données reçues</translation>
    </message>
    <message>
        <source>C&amp;lear Sent and Received</source>
        <translation>E&amp;ffacer l’envoi et la réception</translation>
    </message>
    <message>
        <source>Sent %1 bytes · Received %2 bytes</source>
        <translation>Octets envoyés&#xa0;: %1 · reçus&#xa0;: %2</translation>
    </message>
</context>
</TS>
