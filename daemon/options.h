// tugboatd's command line (DESIGN §2) and its YAML config file, whose keys mirror the flags
// (`listen: 0.0.0.0:6443`, `history-retention: 5m`). Flags win over the file.
#pragma once

#include "api/result.h"

#include <QString>
#include <QStringList>

namespace tugboat::daemon {

struct ServerOptions {
    QString dataDir;
    QString listenHost = QStringLiteral("0.0.0.0");
    quint16 listenPort = 6443;
    QString storeUrl = QStringLiteral("sqlite");
    QString runtime = QStringLiteral("process");
    QString nodeName;
    QString nodeIp;
    int simNodes = 0;
    bool noAgent = false;
    bool insecureHttp = false;
    qint64 nodeMonitorGracePeriodMs = 50'000;
    qint64 podEvictionTimeoutMs = 300'000;
    qint64 historyRetentionMs = 300'000;
};

struct Command {
    enum class Kind { Server, Agent, Help, Version } kind = Kind::Help;
    ServerOptions server;
    QString helpText;
};

// Parses argv (without the program name's handling left to the caller). Errors are one line, for
// `tugboatd: <line>` and exit code 2.
api::Result<Command> parseCommandLine(const QStringList &arguments);

// Kubernetes-style durations: "500ms", "5s", "2m", "1h30m". Returns milliseconds.
api::Result<qint64> parseDuration(const QString &text);

// The default data dir: /var/lib/tugboat as root, else $XDG_DATA_HOME/tugboat.
QString defaultDataDir();

} // namespace tugboat::daemon
