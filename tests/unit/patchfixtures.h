// Shared by tst_patch, tst_strategicmerge and tst_serversideapply: JSON written with single quotes for
// readability, and the realistic objects kubectl's requests are applied to.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QtGlobal>

namespace tugboat::test {

// Parses JSON written with ' for " (any JSON value, not only objects). Aborts on a typo in a test.
inline QJsonValue json(const QByteArray &text)
{
    QByteArray doubled = text;
    doubled.replace('\'', '"');
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + doubled + "]", &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON %s: %s", text.constData(), qPrintable(error.errorString()));
    return document.array().at(0);
}

inline QJsonObject object(const QByteArray &text)
{
    return json(text).toObject();
}

// Compact JSON with sorted keys: what QCOMPARE shows when two documents differ.
inline QString show(const QJsonValue &value)
{
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

// A Deployment as kubectl apply -f left it, after the controllers ran.
inline QJsonObject deployment()
{
    return object(R"({'apiVersion':'apps/v1','kind':'Deployment',
      'metadata':{'name':'web','namespace':'default','uid':'6f1c','resourceVersion':'812','generation':2,
        'creationTimestamp':'2025-05-01T10:00:00Z','labels':{'app':'web'},
        'annotations':{'deployment.kubernetes.io/revision':'2'}},
      'spec':{'replicas':3,'selector':{'matchLabels':{'app':'web'}},
        'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},
        'template':{'metadata':{'labels':{'app':'web'}},
          'spec':{'containers':[
            {'name':'web','image':'nginx:1.25','ports':[{'containerPort':80,'protocol':'TCP'}],
             'env':[{'name':'MODE','value':'prod'}],
             'volumeMounts':[{'name':'cache','mountPath':'/cache'}]},
            {'name':'log','image':'busybox:1.36','args':['tail','-f','/cache/access.log']}],
            'volumes':[{'name':'cache','emptyDir':{}}],
            'restartPolicy':'Always','terminationGracePeriodSeconds':30}}},
      'status':{'observedGeneration':2,'replicas':3,'updatedReplicas':3,'readyReplicas':3,'availableReplicas':3,
        'conditions':[{'type':'Available','status':'True','reason':'MinimumReplicasAvailable'},
                      {'type':'Progressing','status':'True','reason':'NewReplicaSetAvailable'}]}})");
}

// A ready, schedulable Node.
inline QJsonObject node()
{
    return object(R"({'apiVersion':'v1','kind':'Node',
      'metadata':{'name':'node-1','uid':'9a0e','resourceVersion':'77','labels':{'kubernetes.io/hostname':'node-1'}},
      'spec':{'podCIDR':'10.244.1.0/24','podCIDRs':['10.244.1.0/24']},
      'status':{'addresses':[{'type':'InternalIP','address':'192.168.1.11'},{'type':'Hostname','address':'node-1'}],
        'conditions':[{'type':'Ready','status':'True','reason':'KubeletReady'},
                      {'type':'MemoryPressure','status':'False','reason':'KubeletHasSufficientMemory'}]}})");
}

} // namespace tugboat::test
