// Fixtures for the Endpoints and EndpointSlice tests: Services and pods as the API server stores them
// (defaults applied by hand where a pure test needs them), with IPs, readiness and container ports.
#pragma once

#include "api/object.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tugboat::test {

// A ClusterIP Service selecting `selector`, with `ports` ({name, port, targetPort, protocol} objects).
inline api::Object service(const QString &name, const QJsonObject &selector, const QJsonArray &ports,
                           const QString &clusterIp = QStringLiteral("10.43.0.10"), const QJsonObject &labels = {})
{
    QJsonObject metadata{{QStringLiteral("name"), name},
                         {QStringLiteral("namespace"), QStringLiteral("default")},
                         {QStringLiteral("uid"), QStringLiteral("uid-svc-") + name}};
    if (!labels.isEmpty())
        metadata.insert(QStringLiteral("labels"), labels);
    QJsonObject spec{{QStringLiteral("ports"), ports}, {QStringLiteral("type"), QStringLiteral("ClusterIP")}};
    if (!selector.isEmpty())
        spec.insert(QStringLiteral("selector"), selector);
    if (!clusterIp.isEmpty())
        spec.insert(QStringLiteral("clusterIP"), clusterIp);
    return api::Object(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                   {QStringLiteral("kind"), QStringLiteral("Service")},
                                   {QStringLiteral("metadata"), metadata},
                                   {QStringLiteral("spec"), spec}});
}

inline QJsonObject servicePort(const QString &name, int port, const QJsonValue &targetPort,
                               const QString &protocol = QStringLiteral("TCP"))
{
    QJsonObject p{{QStringLiteral("port"), port},
                  {QStringLiteral("targetPort"), targetPort},
                  {QStringLiteral("protocol"), protocol}};
    if (!name.isEmpty())
        p.insert(QStringLiteral("name"), name);
    return p;
}

inline QJsonObject containerPort(const QString &name, int port, const QString &protocol = QStringLiteral("TCP"))
{
    QJsonObject p{{QStringLiteral("containerPort"), port}, {QStringLiteral("protocol"), protocol}};
    if (!name.isEmpty())
        p.insert(QStringLiteral("name"), name);
    return p;
}

inline QJsonObject readyCondition(bool ready)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("Ready")},
                       {QStringLiteral("status"), ready ? QStringLiteral("True") : QStringLiteral("False")}};
}

// A pod in "default" with one container exposing `ports`, bound to `node`; status only when `ip` or
// `phase` is given (what the agent reports).
inline api::Object pod(const QString &name, const QJsonObject &labels, const QString &ip, bool ready,
                       const QJsonArray &ports = {}, const QString &node = QStringLiteral("node-1"),
                       const QString &phase = QStringLiteral("Running"))
{
    QJsonObject container{{QStringLiteral("name"), QStringLiteral("app")},
                          {QStringLiteral("image"), QStringLiteral("nginx:1.25")}};
    if (!ports.isEmpty())
        container.insert(QStringLiteral("ports"), ports);
    QJsonObject spec{{QStringLiteral("containers"), QJsonArray{container}}};
    if (!node.isEmpty())
        spec.insert(QStringLiteral("nodeName"), node);
    QJsonObject status{{QStringLiteral("phase"), phase},
                       {QStringLiteral("conditions"), QJsonArray{readyCondition(ready)}}};
    if (!ip.isEmpty()) {
        status.insert(QStringLiteral("podIP"), ip);
        status.insert(QStringLiteral("podIPs"), QJsonArray{QJsonObject{{QStringLiteral("ip"), ip}}});
    }
    return api::Object(
        QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                    {QStringLiteral("kind"), QStringLiteral("Pod")},
                    {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                             {QStringLiteral("namespace"), QStringLiteral("default")},
                                                             {QStringLiteral("uid"), QStringLiteral("uid-") + name},
                                                             {QStringLiteral("resourceVersion"), QStringLiteral("1")},
                                                             {QStringLiteral("labels"), labels}}},
                    {QStringLiteral("spec"), spec},
                    {QStringLiteral("status"), status}});
}

// The pod with one metadata or spec or status field replaced.
inline api::Object withField(const api::Object &object, const QString &section, const QString &field,
                             const QJsonValue &value)
{
    QJsonObject json = object.json();
    QJsonObject part = json.value(section).toObject();
    if (value.isUndefined())
        part.remove(field);
    else
        part.insert(field, value);
    json.insert(section, part);
    return api::Object(json);
}

inline api::ObjectPtr ptr(const api::Object &object)
{
    return std::make_shared<const api::Object>(object);
}

} // namespace tugboat::test
