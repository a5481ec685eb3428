// Realistic Node and Pod JSON for the scheduler tests: a base object deep-merged with the JSON a test
// row cares about, so each row states only what matters to it.
#pragma once

#include "api/object.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace schedtest {

inline QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON %s: %s", text, qPrintable(error.errorString()));
    return doc.object();
}

inline QJsonObject merged(QJsonObject base, const QJsonObject &patch)
{
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it->isObject() && base.value(it.key()).isObject())
            base.insert(it.key(), merged(base.value(it.key()).toObject(), it->toObject()));
        else
            base.insert(it.key(), *it);
    }
    return base;
}

// A ready node with 4 cpu, 8Gi memory, 110 pods, labelled with its hostname.
inline tugboat::api::Object node(const QString &name, const QJsonObject &patch = {})
{
    QJsonObject n = json(R"({
      "apiVersion": "v1", "kind": "Node",
      "metadata": {"labels": {"kubernetes.io/os": "linux"}},
      "spec": {"podCIDR": "10.42.1.0/24"},
      "status": {
        "capacity": {"cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi"},
        "allocatable": {"cpu": "4", "memory": "8Gi", "pods": "110", "ephemeral-storage": "100Gi"},
        "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady"}]
      }
    })");
    QJsonObject metadata = n.value(QLatin1String("metadata")).toObject();
    metadata.insert(QLatin1String("name"), name);
    QJsonObject labels = metadata.value(QLatin1String("labels")).toObject();
    labels.insert(QLatin1String("kubernetes.io/hostname"), name);
    metadata.insert(QLatin1String("labels"), labels);
    n.insert(QLatin1String("metadata"), metadata);
    return tugboat::api::Object(merged(n, patch));
}

inline tugboat::api::Object node(const QString &name, const char *patch)
{
    return node(name, json(patch));
}

// A pod with one container requesting `cpu` and `memory` (either may be empty: no request).
inline tugboat::api::Object pod(const QString &name, const QString &cpu = {}, const QString &memory = {},
                                const QJsonObject &patch = {})
{
    QJsonObject requests;
    if (!cpu.isEmpty())
        requests.insert(QLatin1String("cpu"), cpu);
    if (!memory.isEmpty())
        requests.insert(QLatin1String("memory"), memory);
    QJsonObject container{{QLatin1String("name"), QLatin1String("app")},
                          {QLatin1String("image"), QLatin1String("nginx:1.25")}};
    if (!requests.isEmpty())
        container.insert(QLatin1String("resources"), QJsonObject{{QLatin1String("requests"), requests}});
    QJsonObject p{
        {QLatin1String("apiVersion"), QLatin1String("v1")},
        {QLatin1String("kind"), QLatin1String("Pod")},
        {QLatin1String("metadata"), QJsonObject{{QLatin1String("name"), name},
                                                {QLatin1String("namespace"), QLatin1String("default")},
                                                {QLatin1String("uid"), QLatin1String("uid-") + name}}},
        {QLatin1String("spec"), QJsonObject{{QLatin1String("containers"), QJsonArray{container}},
                                            {QLatin1String("restartPolicy"), QLatin1String("Always")}}},
    };
    return tugboat::api::Object(merged(p, patch));
}

inline tugboat::api::Object pod(const QString &name, const QString &cpu, const QString &memory, const char *patch)
{
    return pod(name, cpu, memory, json(patch));
}

// The same pod bound to a node.
inline tugboat::api::Object boundTo(const tugboat::api::Object &p, const QString &nodeName)
{
    QJsonObject j = p.json();
    QJsonObject spec = j.value(QLatin1String("spec")).toObject();
    spec.insert(QLatin1String("nodeName"), nodeName);
    j.insert(QLatin1String("spec"), spec);
    return tugboat::api::Object(j);
}

// A pod controlled by the ReplicaSet with this uid.
inline QJsonObject ownedBy(const QString &uid)
{
    return QJsonObject{{QLatin1String("metadata"),
                        QJsonObject{{QLatin1String("ownerReferences"),
                                     QJsonArray{QJsonObject{{QLatin1String("apiVersion"), QLatin1String("apps/v1")},
                                                            {QLatin1String("kind"), QLatin1String("ReplicaSet")},
                                                            {QLatin1String("name"), QLatin1String("web-5d4f")},
                                                            {QLatin1String("uid"), uid},
                                                            {QLatin1String("controller"), true}}}}}}};
}

} // namespace schedtest
