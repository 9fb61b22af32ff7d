# The ASP.NET Core runtime image made here, standing in for mcr.microsoft.com/dotnet/aspnet where no registry serves it:
# Debian's packages (debian:bookworm-slim, see make-bases), the runtime and ASP.NET Core shared frameworks of this
# machine's .NET installation, and the non-root user the Microsoft images define (APP_UID 1654, named app).
# Build context: the .NET installation folder (make-bases passes it).
FROM debian:bookworm-slim
COPY dotnet /usr/share/dotnet/dotnet
COPY host /usr/share/dotnet/host
COPY shared/Microsoft.NETCore.App /usr/share/dotnet/shared/Microsoft.NETCore.App
COPY shared/Microsoft.AspNetCore.App /usr/share/dotnet/shared/Microsoft.AspNetCore.App
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && echo 'app:x:1654:1654:app:/home/app:/usr/sbin/nologin' >> /etc/passwd \
    && echo 'app:x:1654:' >> /etc/group \
    && mkdir -p /home/app && chown 1654:1654 /home/app
ENV APP_UID=1654 DOTNET_RUNNING_IN_CONTAINER=true
