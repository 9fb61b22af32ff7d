# The .NET SDK image made here, where no registry serves mcr.microsoft.com/dotnet/sdk: a Debian root filesystem made
# from Debian's packages (debian:bookworm-slim, see make-bases) and this machine's own .NET installation.
# Build context: the .NET installation folder (make-bases passes it).
FROM debian:bookworm-slim
COPY . /usr/share/dotnet/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
