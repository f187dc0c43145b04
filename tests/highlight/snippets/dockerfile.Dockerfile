# Build the site in a slim image
FROM python:3.13-slim AS build
ARG VERSION=0.2.1
ENV PIP_NO_CACHE_DIR=1 \
    LANG=C.UTF-8
WORKDIR /src
COPY requirements.txt .
RUN apt-get update && \
    apt-get install -y --no-install-recommends git && \
    rm -rf /var/lib/apt/lists/*
RUN pip install -r requirements.txt "bulletin==$VERSION"

FROM nginx:1.27-alpine
COPY --from=build /src/public /usr/share/nginx/html
EXPOSE 80
HEALTHCHECK CMD wget -q -O /dev/null http://localhost/ || exit 1
CMD ["nginx", "-g", "daemon off;"]
