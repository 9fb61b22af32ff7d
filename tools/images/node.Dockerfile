# The Node.js image made here, standing in for node:20-bookworm-slim where no registry serves it: Debian's packages
# (debian:bookworm-slim, see make-bases), this machine's node and npm (whatever version it has; the tag says what the
# recipes ask for), and the user node (1000) the public image defines.
# Build context: a folder holding bin/node and lib/node_modules/npm (make-bases copies them from the installation).
FROM debian:bookworm-slim
COPY bin/node /usr/local/bin/node
COPY lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && echo 'node:x:1000:1000:node:/home/node:/bin/sh' >> /etc/passwd \
    && echo 'node:x:1000:' >> /etc/group \
    && mkdir -p /home/node && chown 1000:1000 /home/node
