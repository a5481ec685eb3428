#include "options.h"

#include "api/yamlreader.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>

#include <unistd.h>

namespace tugboat::daemon {

using api::Error;
using api::ErrorCode;
using api::Result;

namespace {

Error usage(const QString &message)
{
    return Error(ErrorCode::BadRequest, message);
}

const char *const kServerHelp = R"(Usage: tugboatd server [flags]

Runs the control plane (API server, controllers, scheduler, store) and, unless --no-agent, a node
agent in the same process.

Flags:
  --config FILE                     YAML file whose keys mirror these flags
  --data-dir DIR                    state, certificates and kubeconfigs (default /var/lib/tugboat as root,
                                    else $XDG_DATA_HOME/tugboat)
  --listen HOST:PORT                address to serve on (default 0.0.0.0:6443; port 0 picks a free port)
  --store URL                       sqlite (default), sqlite:///PATH[?sync=full], etcd://HOST:PORT[,...]
  --runtime process|docker|sim      container runtime of the built-in agent (default process)
  --node-name NAME                  name of the built-in agent's node (default: the host name)
  --node-ip IP                      address of the built-in agent's node
  --sim-nodes N                     add N simulated nodes
  --no-agent                        run the control plane only
  --insecure-http                   plain HTTP without authentication, loopback only (tests)
  --node-monitor-grace-period DUR   a node whose lease is older is NotReady (default 50s)
  --pod-eviction-timeout DUR        pods of a NotReady node are evicted after (default 5m)
  --history-retention DUR           how far back watches and past lists reach (default 5m)
)";

const char *const kTopHelp = R"(Usage: tugboatd <command> [flags]

Commands:
  server    run the control plane (and a node agent)
  agent     run a node agent joined to a control plane
  version   print the version

Run `tugboatd <command> --help` for the flags of a command.
)";

Result<void> applyListen(ServerOptions &o, const QString &value)
{
    const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint port = colon < 0 ? 0 : value.mid(colon + 1).toUInt(&ok);
    QString host = colon < 0 ? QString() : value.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (!ok || port > 65535 || host.isEmpty() || QHostAddress(host).isNull())
        return usage(QStringLiteral("--listen %1: expected HOST:PORT, e.g. 127.0.0.1:6443").arg(value));
    o.listenHost = host;
    o.listenPort = quint16(port);
    return {};
}

// Applies one setting, from a flag or from the config file.
Result<void> applySetting(ServerOptions &o, const QString &key, const QString &value)
{
    auto duration = [&](qint64 &target) -> Result<void> {
        auto d = parseDuration(value);
        if (!d)
            return usage(QStringLiteral("--%1 %2: %3").arg(key, value, d.error().message()));
        target = *d;
        return {};
    };
    if (key == QLatin1String("data-dir"))
        o.dataDir = value;
    else if (key == QLatin1String("listen"))
        return applyListen(o, value);
    else if (key == QLatin1String("store"))
        o.storeUrl = value;
    else if (key == QLatin1String("runtime")) {
        if (value != QLatin1String("process") && value != QLatin1String("docker") && value != QLatin1String("sim"))
            return usage(QStringLiteral("--runtime %1: expected process, docker or sim").arg(value));
        o.runtime = value;
    } else if (key == QLatin1String("node-name"))
        o.nodeName = value;
    else if (key == QLatin1String("node-ip")) {
        if (QHostAddress(value).isNull())
            return usage(QStringLiteral("--node-ip %1: not an IP address").arg(value));
        o.nodeIp = value;
    } else if (key == QLatin1String("sim-nodes")) {
        bool ok = false;
        o.simNodes = value.toInt(&ok);
        if (!ok || o.simNodes < 0)
            return usage(QStringLiteral("--sim-nodes %1: expected a number >= 0").arg(value));
    } else if (key == QLatin1String("no-agent"))
        o.noAgent = value != QLatin1String("false");
    else if (key == QLatin1String("insecure-http"))
        o.insecureHttp = value != QLatin1String("false");
    else if (key == QLatin1String("node-monitor-grace-period"))
        return duration(o.nodeMonitorGracePeriodMs);
    else if (key == QLatin1String("pod-eviction-timeout"))
        return duration(o.podEvictionTimeoutMs);
    else if (key == QLatin1String("history-retention"))
        return duration(o.historyRetentionMs);
    else
        return usage(QStringLiteral("unknown setting %1").arg(key));
    return {};
}

Result<void> applyConfigFile(ServerOptions &o, const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return usage(QStringLiteral("--config %1: %2").arg(path, f.errorString()));
    auto doc = api::YamlReader::read(f.readAll(), path);
    if (!doc)
        return usage(doc.error().message());
    if (!doc->isObject() && !doc->isNull())
        return usage(QStringLiteral("%1: expected a mapping of settings").arg(path));
    const QJsonObject settings = doc->toObject();
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        const QJsonValue v = it.value();
        const QString value = v.isBool()     ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                              : v.isDouble() ? QString::number(v.toInteger())
                                             : v.toString();
        if (auto r = applySetting(o, it.key(), value); !r)
            return usage(QStringLiteral("%1: %2").arg(path, QString(r.error().message()).remove(QStringLiteral("--"))));
    }
    return {};
}

} // namespace

QString defaultDataDir()
{
    if (::geteuid() == 0)
        return QStringLiteral("/var/lib/tugboat");
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("tugboat"));
}

Result<qint64> parseDuration(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|s|m|h)"));
    if (text.isEmpty())
        return Error(ErrorCode::BadRequest, QStringLiteral("empty duration"));
    qint64 total = 0;
    qsizetype pos = 0;
    auto it = part.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedStart() != pos)
            break;
        pos = m.capturedEnd();
        const double n = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        const double scale = unit == QLatin1String("ms")  ? 1
                             : unit == QLatin1String("s") ? 1000
                             : unit == QLatin1String("m") ? 60'000
                                                          : 3'600'000;
        total += qint64(n * scale);
    }
    if (pos != text.size())
        return Error(ErrorCode::BadRequest,
                     QStringLiteral("invalid duration \"%1\" (write it like 500ms, 5s, 2m or 1h30m)").arg(text));
    return total;
}

Result<Command> parseCommandLine(const QStringList &arguments)
{
    Command cmd;
    if (arguments.size() < 2 || arguments[1] == QLatin1String("--help") || arguments[1] == QLatin1String("-h") ||
        arguments[1] == QLatin1String("help")) {
        cmd.helpText = QString::fromUtf8(kTopHelp);
        return cmd;
    }
    const QString verb = arguments[1];
    if (verb == QLatin1String("version") || verb == QLatin1String("--version")) {
        cmd.kind = Command::Kind::Version;
        return cmd;
    }
    if (verb != QLatin1String("server"))
        return usage(verb == QLatin1String("agent")
                         ? QStringLiteral("the agent command comes with the node agent; run `tugboatd server`")
                         : QStringLiteral("unknown command \"%1\"; run `tugboatd --help`").arg(verb));

    cmd.kind = Command::Kind::Server;
    ServerOptions &o = cmd.server;
    o.dataDir = defaultDataDir();
    static const QStringList valued{QStringLiteral("config"),
                                    QStringLiteral("data-dir"),
                                    QStringLiteral("listen"),
                                    QStringLiteral("store"),
                                    QStringLiteral("runtime"),
                                    QStringLiteral("node-name"),
                                    QStringLiteral("node-ip"),
                                    QStringLiteral("sim-nodes"),
                                    QStringLiteral("node-monitor-grace-period"),
                                    QStringLiteral("pod-eviction-timeout"),
                                    QStringLiteral("history-retention")};
    static const QStringList switches{QStringLiteral("no-agent"), QStringLiteral("insecure-http")};

    // The config file first, so flags override it.
    QList<std::pair<QString, QString>> flags;
    for (int i = 2; i < arguments.size(); ++i) {
        QString arg = arguments[i];
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            cmd.kind = Command::Kind::Help;
            cmd.helpText = QString::fromUtf8(kServerHelp);
            return cmd;
        }
        if (!arg.startsWith(QLatin1String("--")))
            return usage(QStringLiteral("unexpected argument \"%1\"").arg(arg));
        arg = arg.mid(2);
        QString value;
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        if (eq >= 0) {
            value = arg.mid(eq + 1);
            arg.truncate(eq);
        }
        if (switches.contains(arg)) {
            flags.append({arg, eq >= 0 ? value : QStringLiteral("true")});
        } else if (valued.contains(arg)) {
            if (eq < 0) {
                if (i + 1 >= arguments.size())
                    return usage(QStringLiteral("flag needs an argument: --%1").arg(arg));
                value = arguments[++i];
            }
            flags.append({arg, value});
        } else {
            return usage(QStringLiteral("unknown flag: --%1").arg(arg));
        }
    }
    for (const auto &[key, value] : flags)
        if (key == QLatin1String("config"))
            if (auto r = applyConfigFile(o, value); !r)
                return r.error();
    for (const auto &[key, value] : flags)
        if (key != QLatin1String("config"))
            if (auto r = applySetting(o, key, value); !r)
                return r.error();
    if (o.insecureHttp && !QHostAddress(o.listenHost).isLoopback())
        return usage(QStringLiteral("--insecure-http serves without authentication and is allowed on loopback "
                                    "only; add --listen 127.0.0.1:PORT"));
    return cmd;
}

} // namespace tugboat::daemon
