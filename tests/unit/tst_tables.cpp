// Server-side printing for `kubectl get`: the Table document, Kubernetes' columns per kind, the cells its
// printers compute (pod status words above all), and human durations (docs KUBECTL-WIRE §3).
#include "api/kinds.h"
#include "apiserver/tables.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace tugboat::apiserver;
using tugboat::api::Kinds;
using tugboat::api::makeObject;
using tugboat::api::Object;
using tugboat::api::ObjectPtr;
using tugboat::api::ResourceInfo;

namespace {

constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

// "Now" in every test: 2025-01-10T12:00:00Z.
const qint64 kNow = QDateTime(QDate(2025, 1, 10), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();

// An RFC 3339 timestamp `ago` before now.
QString ago(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(kNow - ms, Qt::UTC).toString(Qt::ISODate);
}

QJsonObject parse(QByteArray json)
{
    json.replace("$5m", ago(5 * kMinute).toLatin1());
    json.replace("$2m", ago(2 * kMinute).toLatin1());
    json.replace("$3d", ago(3 * kDay + 4 * kHour).toLatin1());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s in %s", qPrintable(error.errorString()), json.constData());
    return doc.object();
}

ResourceInfo kind(const char *name)
{
    return *Kinds::byKind(QLatin1String(name));
}

QStringList names(const QJsonArray &columns, int priority)
{
    QStringList out;
    for (const QJsonValue &c : columns)
        if (c[QLatin1String("priority")].toInt() == priority)
            out.append(c[QLatin1String("name")].toString());
    return out;
}

// The pod JSON the status rows share: two containers unless the row says otherwise.
QByteArray pod(const QByteArray &spec, const QByteArray &status, const QByteArray &metadata = {})
{
    return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"creationTimestamp\":\"$"
           "5m\"" +
           (metadata.isEmpty() ? QByteArray() : "," + metadata) + "},\"spec\":{" + spec + "},\"status\":{" + status +
           "}}";
}

const QByteArray kOne = R"("containers":[{"name":"a","image":"x"}])";
const QByteArray kTwo = R"("containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}])";
const QByteArray kRunning = R"({"name":"a","ready":true,"restartCount":0,"state":{"running":{}}})";

} // namespace

class TablesTest : public QObject {
    Q_OBJECT

private slots:
    void humanDuration_matchesKubernetes_data();
    void humanDuration_matchesKubernetes();
    void parseTimestamp_readsRfc3339_data();
    void parseTimestamp_readsRfc3339();

    void podStatus_followsKubernetesReasonLogic_data();
    void podStatus_followsKubernetesReasonLogic();

    void columns_areKubernetesPrinterColumns_data();
    void columns_areKubernetesPrinterColumns();
    void columns_describeThemselves();

    void cells_matchKubernetesPrinters_data();
    void cells_matchKubernetesPrinters();

    void toTable_isAMetaV1TableWithPartialObjectMetadata();
    void toTable_canEmbedWholeObjects();
    void toTable_marksFinishedPodsCompleted();
    void toTableEvent_isOneRowWithColumnsOnRequest();
    void age_isUnknownWithoutCreationTimestamp();
};

void TablesTest::humanDuration_matchesKubernetes_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("expected");
    // k8s.io/apimachinery/pkg/util/duration's own cases, then the band edges.
    QTest::addRow("1s") << kSecond << "1s";
    QTest::addRow("70s") << 70 * kSecond << "70s";
    QTest::addRow("190s") << 190 * kSecond << "3m10s";
    QTest::addRow("70m") << 70 * kMinute << "70m";
    QTest::addRow("47h") << 47 * kHour << "47h";
    QTest::addRow("49h") << 49 * kHour << "2d1h";
    QTest::addRow("8d2h") << (8 * 24 + 2) * kHour << "8d";
    QTest::addRow("367d") << 367 * kDay << "367d";
    QTest::addRow("2y1d1h") << (365 * 2 * 24 + 25) * kHour << "2y1d";
    QTest::addRow("8y2h") << (365 * 8 * 24 + 2) * kHour << "8y";
    QTest::addRow("5s") << 5 * kSecond << "5s";
    QTest::addRow("3m2s") << 3 * kMinute + 2 * kSecond << "3m2s";
    QTest::addRow("4h") << 4 * kHour << "4h";
    QTest::addRow("2d3h") << 2 * kDay + 3 * kHour << "2d3h";
    QTest::addRow("120d") << 120 * kDay << "120d";
    QTest::addRow("zero") << qint64(0) << "0s";
    QTest::addRow("sub-second") << qint64(999) << "0s";
    QTest::addRow("119s") << 119 * kSecond << "119s";
    QTest::addRow("2m exactly") << 2 * kMinute << "2m";
    QTest::addRow("9m59s") << 9 * kMinute + 59 * kSecond << "9m59s";
    QTest::addRow("10m drops seconds") << 10 * kMinute + 30 * kSecond << "10m";
    QTest::addRow("179m") << 179 * kMinute << "179m";
    QTest::addRow("3h exactly") << 3 * kHour << "3h";
    QTest::addRow("3h20m") << 3 * kHour + 20 * kMinute << "3h20m";
    QTest::addRow("8h drops minutes") << 8 * kHour + 59 * kMinute << "8h";
    QTest::addRow("48h") << 48 * kHour << "2d";
    QTest::addRow("7d23h") << 7 * kDay + 23 * kHour << "7d23h";
    QTest::addRow("2y exactly") << 2 * 365 * kDay << "2y";
    QTest::addRow("skew of 1.5s is now") << qint64(-1500) << "0s";
    QTest::addRow("2s in the future") << -2 * kSecond << "<invalid>";
}

void TablesTest::humanDuration_matchesKubernetes()
{
    QFETCH(qint64, ms);
    QFETCH(QString, expected);
    QCOMPARE(humanDuration(ms), expected);
}

void TablesTest::parseTimestamp_readsRfc3339_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("expected"); // -1: unreadable
    QTest::addRow("utc") << "2025-01-10T12:00:00Z" << kNow;
    QTest::addRow("micro time") << "2025-01-10T11:59:59.123456Z" << kNow - 877;
    QTest::addRow("nanoseconds") << "2025-01-10T11:59:59.5000000Z" << kNow - 500;
    QTest::addRow("offset") << "2025-01-10T14:00:00+02:00" << kNow;
    QTest::addRow("lower-case z") << "2025-01-10t12:00:00z" << kNow;
    QTest::addRow("empty") << "" << qint64(-1);
    QTest::addRow("not a time") << "yesterday" << qint64(-1);
    QTest::addRow("no zone") << "2025-01-10T12:00:00" << qint64(-1);
}

void TablesTest::parseTimestamp_readsRfc3339()
{
    QFETCH(QString, text);
    QFETCH(qint64, expected);
    QCOMPARE(parseTimestamp(text).value_or(-1), expected);
}

void TablesTest::podStatus_followsKubernetesReasonLogic_data()
{
    QTest::addColumn<QByteArray>("pod");
    QTest::addColumn<QString>("ready");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("restarts");

    QTest::addRow("Pending") << pod(kOne, R"("phase":"Pending")") << "0/1"
                             << "Pending"
                             << "0";
    QTest::addRow("ContainerCreating")
        << pod(kOne, R"("phase":"Pending","containerStatuses":[{"name":"a","ready":false,"restartCount":0,
              "state":{"waiting":{"reason":"ContainerCreating"}}}])")
        << "0/1"
        << "ContainerCreating"
        << "0";
    QTest::addRow("Running") << pod(kOne, R"("phase":"Running","containerStatuses":[)" + kRunning + "]") << "1/1"
                             << "Running"
                             << "0";
    QTest::addRow("Running, not ready")
        << pod(kOne, R"("phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":0,
              "state":{"running":{}}}])")
        << "0/1"
        << "Running"
        << "0";
    QTest::addRow("CrashLoopBackOff")
        << pod(kOne, R"("phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":3,
              "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"$2m"}},
              "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off"}}}])")
        << "0/1"
        << "CrashLoopBackOff"
        << "3 (2m ago)";
    QTest::addRow("ImagePullBackOff") << pod(kOne, R"("phase":"Pending","containerStatuses":[{"name":"a","ready":false,
              "restartCount":0,"state":{"waiting":{"reason":"ImagePullBackOff"}}}])")
                                      << "0/1"
                                      << "ImagePullBackOff"
                                      << "0";
    QTest::addRow("Error") << pod(kOne, R"("phase":"Failed","containerStatuses":[{"name":"a","ready":false,
              "restartCount":0,"state":{"terminated":{"exitCode":1,"reason":"Error"}}}])")
                           << "0/1"
                           << "Error"
                           << "0";
    QTest::addRow("OOMKilled") << pod(kOne,
                                      R"("phase":"Running","containerStatuses":[{"name":"a","ready":false,
              "restartCount":1,"state":{"terminated":{"exitCode":137,"reason":"OOMKilled"}}}])")
                               << "0/1"
                               << "OOMKilled"
                               << "1";
    QTest::addRow("ExitCode") << pod(kOne, R"("phase":"Failed","containerStatuses":[{"name":"a","ready":false,
              "restartCount":0,"state":{"terminated":{"exitCode":2}}}])")
                              << "0/1"
                              << "ExitCode:2"
                              << "0";
    QTest::addRow("Signal") << pod(kOne, R"("phase":"Failed","containerStatuses":[{"name":"a","ready":false,
              "restartCount":0,"state":{"terminated":{"exitCode":137,"signal":9}}}])")
                            << "0/1"
                            << "Signal:9"
                            << "0";
    QTest::addRow("Completed") << pod(kOne,
                                      R"("phase":"Succeeded","containerStatuses":[{"name":"a","ready":false,
              "restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}])")
                               << "0/1"
                               << "Completed"
                               << "0";
    QTest::addRow("Completed but another runs, ready")
        << pod(kTwo, R"("phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[)" +
                         kRunning + R"(,{"name":"b","ready":false,"restartCount":0,
              "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}])")
        << "1/2"
        << "Running"
        << "0";
    QTest::addRow("Completed but another runs, not ready")
        << pod(kTwo, R"("phase":"Running","conditions":[{"type":"Ready","status":"False"}],"containerStatuses":[)" +
                         kRunning + R"(,{"name":"b","ready":false,"restartCount":0,
              "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}])")
        << "1/2"
        << "NotReady"
        << "0";
    QTest::addRow("first container has the last word") << pod(kTwo, R"("phase":"Pending","containerStatuses":[
              {"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ImagePullBackOff"}}},
              {"name":"b","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ErrImagePull"}}}])")
                                                       << "0/2"
                                                       << "ImagePullBackOff"
                                                       << "0";
    QTest::addRow("restarts add up, latest wins") << pod(kTwo, R"("phase":"Running","containerStatuses":[
              {"name":"a","ready":true,"restartCount":2,"state":{"running":{}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"$3d"}}},
              {"name":"b","ready":true,"restartCount":3,"state":{"running":{}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"$5m"}}}])")
                                                  << "2/2"
                                                  << "Running"
                                                  << "5 (5m ago)";
    QTest::addRow("restarts without a last state")
        << pod(kOne, R"("phase":"Running","containerStatuses":[{"name":"a","ready":true,"restartCount":4,
              "state":{"running":{}}}])")
        << "1/1"
        << "Running"
        << "4";

    const QByteArray twoInits = R"("initContainers":[{"name":"i1","image":"x"},{"name":"i2","image":"x"}],)" + kOne;
    QTest::addRow("Init:0/2") << pod(twoInits, R"("phase":"Pending","initContainerStatuses":[
              {"name":"i1","ready":false,"restartCount":0,"state":{"running":{}}},
              {"name":"i2","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}])")
                              << "0/1"
                              << "Init:0/2"
                              << "0";
    QTest::addRow("Init:1/2") << pod(twoInits, R"("phase":"Pending","initContainerStatuses":[
              {"name":"i1","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
              {"name":"i2","ready":false,"restartCount":0,"state":{"running":{}}}])")
                              << "0/1"
                              << "Init:1/2"
                              << "0";
    QTest::addRow("Init waiting PodInitializing") << pod(twoInits, R"("phase":"Pending","initContainerStatuses":[
              {"name":"i1","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}])")
                                                  << "0/1"
                                                  << "Init:0/2"
                                                  << "0";
    QTest::addRow("Init:CrashLoopBackOff") << pod(twoInits, R"("phase":"Pending","initContainerStatuses":[
              {"name":"i1","ready":false,"restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"$2m"}}}])")
                                           << "0/1"
                                           << "Init:CrashLoopBackOff"
                                           << "2 (2m ago)";
    QTest::addRow("Init:Error") << pod(twoInits, R"("phase":"Failed","initContainerStatuses":[
              {"name":"i1","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":1,"reason":"Error"}}}])")
                                << "0/1"
                                << "Init:Error"
                                << "0";
    QTest::addRow("Init:ExitCode") << pod(twoInits, R"("phase":"Failed","initContainerStatuses":[
              {"name":"i1","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":3}}}])")
                                   << "0/1"
                                   << "Init:ExitCode:3"
                                   << "0";
    QTest::addRow("Init:Signal") << pod(twoInits, R"("phase":"Failed","initContainerStatuses":[
              {"name":"i1","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":137,"signal":9}}}])")
                                 << "0/1"
                                 << "Init:Signal:9"
                                 << "0";
    QTest::addRow("initialized: containers speak")
        << pod(twoInits, R"("phase":"Pending","conditions":[{"type":"Initialized","status":"True"}],
              "initContainerStatuses":[{"name":"i1","ready":false,"restartCount":0,"state":{"waiting":{"reason":"Weird"}}}],
              "containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}])")
        << "0/1"
        << "ContainerCreating"
        << "0";
    QTest::addRow("initialized, running: the init reason stays")
        << pod(twoInits, R"("phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
              "initContainerStatuses":[{"name":"i1","ready":false,"restartCount":0,"state":{"waiting":{"reason":"Weird"}}}],
              "containerStatuses":[)" +
                             kRunning + "]")
        << "1/1"
        << "Init:Weird"
        << "0";
    QTest::addRow("sidecar counts as a container")
        << pod(R"("initContainers":[{"name":"s","image":"x","restartPolicy":"Always"}],)" + kOne,
               R"("phase":"Running","conditions":[{"type":"Initialized","status":"True"}],"initContainerStatuses":[
              {"name":"s","ready":true,"started":true,"restartCount":1,"state":{"running":{}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"$2m"}}}],"containerStatuses":[)" +
                   kRunning + "]")
        << "2/2"
        << "Running"
        << "1 (2m ago)";
    QTest::addRow("sidecar starting blocks init")
        << pod(R"("initContainers":[{"name":"s","image":"x","restartPolicy":"Always"}],)" + kOne,
               R"("phase":"Pending","initContainerStatuses":[
              {"name":"s","ready":false,"started":false,"restartCount":0,"state":{"running":{}}}])")
        << "0/2"
        << "Init:0/1"
        << "0";
    QTest::addRow("Terminating") << pod(kOne, R"("phase":"Running","containerStatuses":[)" + kRunning + "]",
                                        R"("deletionTimestamp":"$2m")")
                                 << "1/1"
                                 << "Terminating"
                                 << "0";
    QTest::addRow("deleted but finished stays Completed")
        << pod(kOne, R"("phase":"Succeeded","containerStatuses":[{"name":"a","ready":false,"restartCount":0,
              "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}])",
               R"("deletionTimestamp":"$2m")")
        << "0/1"
        << "Completed"
        << "0";
    QTest::addRow("Unknown on a lost node")
        << pod(kOne, R"("phase":"Running","reason":"NodeLost","containerStatuses":[)" + kRunning + "]",
               R"("deletionTimestamp":"$2m")")
        << "1/1"
        << "Unknown"
        << "0";
    QTest::addRow("Evicted") << pod(kOne, R"("phase":"Failed","reason":"Evicted","message":"low memory")") << "0/1"
                             << "Evicted"
                             << "0";
    QTest::addRow("SchedulingGated")
        << pod(kOne,
               R"("phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}])")
        << "0/1"
        << "SchedulingGated"
        << "0";
    QTest::addRow("no status at all") << pod(kOne, "") << "0/1"
                                      << ""
                                      << "0";
}

void TablesTest::podStatus_followsKubernetesReasonLogic()
{
    QFETCH(QByteArray, pod);
    QFETCH(QString, ready);
    QFETCH(QString, status);
    QFETCH(QString, restarts);
    const Object object(parse(pod));
    const PodSummary summary = summarizePod(object);
    QCOMPARE(summary.ready(), ready);
    QCOMPARE(summary.status, status);
    QCOMPARE(summary.restartsText(kNow), restarts);
    // And the same in the table row.
    const QJsonArray cells = tableCells(kind("Pod"), object, kNow);
    QCOMPARE(cells.at(1).toString(), ready);
    QCOMPARE(cells.at(2).toString(), status);
    QCOMPARE(cells.at(3).toString(), restarts);
}

void TablesTest::columns_areKubernetesPrinterColumns_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QStringList>("wide");
    QTest::addRow("Pod") << "Pod" << QStringList{"Name", "Ready", "Status", "Restarts", "Age"}
                         << QStringList{"IP", "Node", "Nominated Node", "Readiness Gates"};
    QTest::addRow("Deployment") << "Deployment" << QStringList{"Name", "Ready", "Up-to-date", "Available", "Age"}
                                << QStringList{"Containers", "Images", "Selector"};
    QTest::addRow("ReplicaSet") << "ReplicaSet" << QStringList{"Name", "Desired", "Current", "Ready", "Age"}
                                << QStringList{"Containers", "Images", "Selector"};
    QTest::addRow("Service") << "Service" << QStringList{"Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"}
                             << QStringList{"Selector"};
    QTest::addRow("Node") << "Node" << QStringList{"Name", "Status", "Roles", "Age", "Version"}
                          << QStringList{"Internal-IP", "External-IP", "OS-Image", "Kernel-Version",
                                         "Container-Runtime"};
    QTest::addRow("Namespace") << "Namespace" << QStringList{"Name", "Status", "Age"} << QStringList();
    QTest::addRow("Endpoints") << "Endpoints" << QStringList{"Name", "Endpoints", "Age"} << QStringList();
    QTest::addRow("ConfigMap") << "ConfigMap" << QStringList{"Name", "Data", "Age"} << QStringList();
    QTest::addRow("Secret") << "Secret" << QStringList{"Name", "Type", "Data", "Age"} << QStringList();
    QTest::addRow("Event") << "Event" << QStringList{"Last Seen", "Type", "Reason", "Object", "Message"}
                           << QStringList{"Subobject", "Source", "First Seen", "Count", "Name"};
    QTest::addRow("Lease") << "Lease" << QStringList{"Name", "Holder", "Age"} << QStringList();
    QTest::addRow("EndpointSlice") << "EndpointSlice" << QStringList{"Name", "AddressType", "Ports", "Endpoints", "Age"}
                                   << QStringList();
}

void TablesTest::columns_areKubernetesPrinterColumns()
{
    QFETCH(QString, kind);
    QFETCH(QStringList, columns);
    QFETCH(QStringList, wide);
    const QJsonArray definitions = tableColumnDefinitions(*Kinds::byKind(kind));
    QCOMPARE(names(definitions, 0), columns);
    QCOMPARE(names(definitions, 1), wide);
    QCOMPARE(definitions.size(), columns.size() + wide.size());
}

void TablesTest::columns_describeThemselves()
{
    for (const ResourceInfo &info : Kinds::all()) {
        for (const QJsonValue &c : tableColumnDefinitions(info)) {
            const QString where = info.kind + QLatin1Char('.') + c[QLatin1String("name")].toString();
            QVERIFY2(!c[QLatin1String("description")].toString().isEmpty(), qPrintable(where));
            QVERIFY2(c[QLatin1String("type")] == QLatin1String("string") ||
                         c[QLatin1String("type")] == QLatin1String("integer"),
                     qPrintable(where));
            // Only the Name column is formatted as a name, as Kubernetes marks it.
            QCOMPARE(c[QLatin1String("format")].toString(),
                     c[QLatin1String("name")] == QLatin1String("Name") ? QStringLiteral("name") : QString());
        }
    }
    const QJsonArray pod = tableColumnDefinitions(kind("Pod"));
    QCOMPARE(pod.at(0)[QLatin1String("description")].toString().left(40),
             QStringLiteral("Name must be unique within a namespace. "));
    QCOMPARE(pod.at(5)[QLatin1String("description")].toString().left(22), QStringLiteral("podIP address allocate"));
}

void TablesTest::cells_matchKubernetesPrinters_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("object");
    QTest::addColumn<QByteArray>("cells");

    QTest::addRow("pod wide") << "Pod"
                              << pod(R"("nodeName":"node-1","readinessGates":[{"conditionType":"a"},
              {"conditionType":"b"}],)" + kOne,
                                     R"("phase":"Running","podIP":"10.1.0.5","podIPs":[{"ip":"10.1.0.5"},
              {"ip":"fd00::5"}],"nominatedNodeName":"node-2","conditions":[{"type":"a","status":"True"},
              {"type":"b","status":"False"}],"containerStatuses":[)" +
                                         kRunning + "]")
                              << QByteArray(R"(["p","1/1","Running","0","5m","10.1.0.5","node-1","node-2","1/2"])");
    QTest::addRow("pod unscheduled") << "Pod" << pod(kOne, R"("phase":"Pending")")
                                     << QByteArray(
                                            R"(["p","0/1","Pending","0","5m","<none>","<none>","<none>","<none>"])");
    QTest::addRow("pod podIP only") << "Pod" << pod(kOne, R"("phase":"Pending","podIP":"10.1.0.9")")
                                    << QByteArray(
                                           R"(["p","0/1","Pending","0","5m","10.1.0.9","<none>","<none>","<none>"])");
    QTest::addRow("deployment")
        << "Deployment" << QByteArray(R"({"metadata":{"name":"web","creationTimestamp":"$3d"},"spec":{"replicas":3,
              "selector":{"matchLabels":{"app":"web","tier":"fe"},"matchExpressions":[{"key":"env","operator":"In",
              "values":["b","a"]}]},"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"},
              {"name":"log","image":"fluentd"}]}}},"status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}})")
        << QByteArray(R"(["web","2/3",3,2,"3d4h","web,log","nginx:1.27,fluentd","app=web,env in (a,b),tier=fe"])");
    QTest::addRow("deployment, fresh") << "Deployment"
                                       << QByteArray(R"({"metadata":{"name":"d","creationTimestamp":"$5m"},
              "spec":{"selector":{},"template":{"spec":{"containers":[]}}}})")
                                       << QByteArray(R"(["d","0/1",0,0,"5m","","",""])");
    QTest::addRow("replicaset") << "ReplicaSet"
                                << QByteArray(R"({"metadata":{"name":"web-5d4f","creationTimestamp":"$5m"},"spec":{
              "replicas":2,"selector":{"matchLabels":{"app":"web","pod-template-hash":"5d4f"}},"template":{"spec":{
              "containers":[{"name":"web","image":"nginx"}]}}},"status":{"replicas":2,"readyReplicas":1}})")
                                << QByteArray(
                                       R"(["web-5d4f",2,2,1,"5m","web","nginx","app=web,pod-template-hash=5d4f"])");
    QTest::addRow("replicaset, empty selector")
        << "ReplicaSet" << QByteArray(R"({"metadata":{"name":"r","creationTimestamp":"$5m"},
              "spec":{"replicas":0,"selector":{},"template":{"spec":{"containers":[]}}}})")
        << QByteArray(R"(["r",0,0,0,"5m","","","<none>"])");
    QTest::addRow("service ClusterIP")
        << "Service" << QByteArray(R"({"metadata":{"name":"db","creationTimestamp":"$5m"},"spec":{
              "type":"ClusterIP","clusterIP":"10.96.0.7","clusterIPs":["10.96.0.7"],"selector":{"app":"db","tier":"be"},
              "ports":[{"port":5432,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}})")
        << QByteArray(R"(["db","ClusterIP","10.96.0.7","<none>","5432/TCP,53/UDP","5m","app=db,tier=be"])");
    QTest::addRow("service NodePort")
        << "Service" << QByteArray(R"({"metadata":{"name":"web","creationTimestamp":"$5m"},
              "spec":{"type":"NodePort","clusterIPs":["10.96.0.9"],"externalIPs":["1.2.3.4"],"ports":[{"port":80,
              "nodePort":30080,"protocol":"TCP"}]}})")
        << QByteArray(R"(["web","NodePort","10.96.0.9","1.2.3.4","80:30080/TCP","5m","<none>"])");
    QTest::addRow("service headless, no ports")
        << "Service" << QByteArray(R"({"metadata":{"name":"h",
              "creationTimestamp":"$5m"},"spec":{"type":"ClusterIP","clusterIP":"None","clusterIPs":["None"]}})")
        << QByteArray(R"(["h","ClusterIP","None","<none>","<none>","5m","<none>"])");
    QTest::addRow("service LoadBalancer pending")
        << "Service" << QByteArray(R"({"metadata":{"name":"lb","creationTimestamp":"$5m"},"spec":{"type":"LoadBalancer",
              "clusterIPs":["10.96.0.3"],"ports":[{"port":443,"nodePort":31443,"protocol":"TCP"}]}})")
        << QByteArray(R"(["lb","LoadBalancer","10.96.0.3","<pending>","443:31443/TCP","5m","<none>"])");
    QTest::addRow("service LoadBalancer ingress")
        << "Service" << QByteArray(R"({"metadata":{"name":"lb","creationTimestamp":"$5m"},"spec":{"type":"LoadBalancer",
              "clusterIPs":["10.96.0.3"],"externalIPs":["9.9.9.9"],"ports":[]},"status":{"loadBalancer":{"ingress":[
              {"ip":"5.6.7.8"},{"hostname":"lb.example.com"},{"ip":"5.6.7.8"}]}}})")
        << QByteArray(R"(["lb","LoadBalancer","10.96.0.3","5.6.7.8,lb.example.com,9.9.9.9","<none>","5m","<none>"])");
    QTest::addRow("service ExternalName")
        << "Service" << QByteArray(R"({"metadata":{"name":"x","creationTimestamp":"$5m"},
              "spec":{"type":"ExternalName","externalName":"db.example.com"}})")
        << QByteArray(R"(["x","ExternalName","<none>","db.example.com","<none>","5m","<none>"])");
    QTest::addRow("node ready, cordoned")
        << "Node"
        << QByteArray(
               R"J({"metadata":{"name":"n1","creationTimestamp":"$3d","labels":{"node-role.kubernetes.io/worker":"",
              "node-role.kubernetes.io/control-plane":"","kubernetes.io/role":"worker"}},"spec":{"unschedulable":true},
              "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
              "addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"192.168.0.10"},
              {"type":"ExternalIP","address":"203.0.113.10"}],"nodeInfo":{"kubeletVersion":"v1.33.0-tugboat",
              "osImage":"Debian GNU/Linux 12 (bookworm)","kernelVersion":"6.1.0-18-amd64",
              "containerRuntimeVersion":"containerd://1.7.0"}}})J")
        << QByteArray(R"J(["n1","Ready,SchedulingDisabled","control-plane,worker","3d4h","v1.33.0-tugboat",
              "192.168.0.10","203.0.113.10","Debian GNU/Linux 12 (bookworm)","6.1.0-18-amd64","containerd://1.7.0"])J");
    QTest::addRow("node not ready") << "Node" << QByteArray(R"({"metadata":{"name":"n2","creationTimestamp":"$5m"},
              "status":{"conditions":[{"type":"Ready","status":"Unknown"}]}})")
                                    << QByteArray(
                                           R"(["n2","NotReady","<none>","5m","","<none>","<none>","<unknown>",
              "<unknown>","<unknown>"])");
    QTest::addRow("node without conditions")
        << "Node" << QByteArray(R"({"metadata":{"name":"n3","creationTimestamp":"$5m"}})")
        << QByteArray(R"(["n3","Unknown","<none>","5m","","<none>","<none>",
              "<unknown>","<unknown>","<unknown>"])");
    QTest::addRow("namespace")
        << "Namespace"
        << QByteArray(R"({"metadata":{"name":"dev","creationTimestamp":"$3d"},"status":{"phase":"Active"}})")
        << QByteArray(R"(["dev","Active","3d4h"])");
    QTest::addRow("endpoints") << "Endpoints"
                               << QByteArray(R"({"metadata":{"name":"web","creationTimestamp":"$5m"},"subsets":[
              {"addresses":[{"ip":"10.1.0.1"},{"ip":"10.1.0.2"}],"ports":[{"name":"http","port":80},{"name":"m","port":9090}]},
              {"addresses":[{"ip":"fd00::1"}],"ports":[{"port":80}]}]})")
                               << QByteArray(R"(["web","10.1.0.1:80,10.1.0.2:80,10.1.0.1:9090 + 2 more...","5m"])");
    QTest::addRow("endpoints ipv6 and headless")
        << "Endpoints"
        << QByteArray(
               R"({"metadata":{"name":"h","creationTimestamp":"$5m"},"subsets":[{"addresses":[{"ip":"10.1.0.7"}]},
              {"addresses":[{"ip":"fd00::1"}],"ports":[{"port":53}]}]})")
        << QByteArray(R"(["h","10.1.0.7,[fd00::1]:53","5m"])");
    QTest::addRow("endpoints empty") << "Endpoints"
                                     << QByteArray(R"({"metadata":{"name":"e","creationTimestamp":"$5m"}})")
                                     << QByteArray(R"(["e","<none>","5m"])");
    QTest::addRow("configmap") << "ConfigMap" << QByteArray(R"({"metadata":{"name":"c","creationTimestamp":"$5m"},
              "data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}})")
                               << QByteArray(R"(["c",3,"5m"])");
    QTest::addRow("secret") << "Secret" << QByteArray(R"({"metadata":{"name":"s","creationTimestamp":"$5m"},
              "type":"kubernetes.io/tls","data":{"tls.crt":"AA==","tls.key":"AA=="}})")
                            << QByteArray(R"(["s","kubernetes.io/tls",2,"5m"])");
    QTest::addRow("event") << "Event"
                           << QByteArray(R"({"metadata":{"name":"web.17a"},"involvedObject":{"kind":"Pod","name":"web",
              "fieldPath":"spec.containers{web}"},"type":"Warning","reason":"BackOff","message":" Back-off restarting \n",
              "source":{"component":"kubelet","host":"node-1"},"firstTimestamp":"$3d","lastTimestamp":"$2m","count":7})")
                           << QByteArray(
                                  R"(["2m","Warning","BackOff","pod/web","spec.containers{web}","kubelet, node-1",
              "Back-off restarting","3d4h",7,"web.17a"])");
    QTest::addRow("event, new API style")
        << "Event"
        << QByteArray(
               R"({"metadata":{"name":"e2"},"involvedObject":{"kind":"Node"},"type":"Normal","reason":"Starting",
              "message":"m","eventTime":"2025-01-10T11:55:00.000000Z","reportingComponent":"kube-proxy",
              "reportingInstance":"node-1","series":{"count":4,"lastObservedTime":"2025-01-10T11:58:00.000000Z"}})")
        << QByteArray(R"(["2m","Normal","Starting","node","","kube-proxy, node-1","m","5m",4,"e2"])");
    QTest::addRow("event, singleton") << "Event"
                                      << QByteArray(R"({"metadata":{"name":"e3"},"involvedObject":{"kind":"Pod",
              "name":"p"},"type":"Normal","reason":"Scheduled","message":"ok","firstTimestamp":"$5m",
              "source":{"component":"default-scheduler"}})")
                                      << QByteArray(R"(["5m","Normal","Scheduled","pod/p","","default-scheduler","ok",
              "5m",1,"e3"])");
    QTest::addRow("lease") << "Lease" << QByteArray(R"({"metadata":{"name":"node-1","creationTimestamp":"$5m"},
              "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40}})")
                           << QByteArray(R"(["node-1","node-1","5m"])");
    QTest::addRow("lease, unheld") << "Lease"
                                   << QByteArray(R"({"metadata":{"name":"l","creationTimestamp":"$5m"},"spec":{}})")
                                   << QByteArray(R"(["l","","5m"])");
    QTest::addRow("endpointslice")
        << "EndpointSlice"
        << QByteArray(R"({"metadata":{"name":"web-abc","creationTimestamp":"$5m"},"addressType":"IPv4",
              "ports":[{"name":"http","port":80},{"name":"named"},{}],"endpoints":[{"addresses":["10.1.0.1"]},
              {"addresses":["10.1.0.2"]},{"addresses":["10.1.0.3"]},{"addresses":["10.1.0.4"]}]})")
        << QByteArray(R"(["web-abc","IPv4","80,named,*","10.1.0.1,10.1.0.2,10.1.0.3 + 1 more...","5m"])");
    QTest::addRow("endpointslice, empty") << "EndpointSlice" << QByteArray(R"({"metadata":{"name":"e",
              "creationTimestamp":"$5m"},"addressType":"IPv4","endpoints":[]})")
                                          << QByteArray(R"(["e","IPv4","<unset>","<unset>","5m"])");
}

void TablesTest::cells_matchKubernetesPrinters()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, object);
    QFETCH(QByteArray, cells);
    const QJsonArray expected = QJsonDocument::fromJson(cells).array();
    QVERIFY2(!expected.isEmpty(), cells.constData());
    const QJsonArray actual = tableCells(*Kinds::byKind(kind), Object(parse(object)), kNow);
    if (actual != expected)
        qWarning("actual: %s", QJsonDocument(actual).toJson(QJsonDocument::Compact).constData());
    QCOMPARE(actual, expected);
    QCOMPARE(actual.size(), tableColumnDefinitions(*Kinds::byKind(kind)).size());
}

void TablesTest::toTable_isAMetaV1TableWithPartialObjectMetadata()
{
    const std::vector<ObjectPtr> objects{
        makeObject(parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"default",
              "creationTimestamp":"$5m","labels":{"app":"web"},"resourceVersion":"7"},"data":{"x":"1"}})")),
        makeObject(
            parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","creationTimestamp":"$2m"}})"))};
    const QJsonObject table =
        toTable(kind("ConfigMap"), objects, QStringLiteral("42"), kNow, false, QStringLiteral("tok"));
    QCOMPARE(table.value(QLatin1String("kind")).toString(), QStringLiteral("Table"));
    QCOMPARE(table.value(QLatin1String("apiVersion")).toString(), QStringLiteral("meta.k8s.io/v1"));
    QCOMPARE(table.value(QLatin1String("metadata")).toObject(),
             (QJsonObject{{"resourceVersion", "42"}, {"continue", "tok"}}));
    const QJsonArray columns = table.value(QLatin1String("columnDefinitions")).toArray();
    QCOMPARE(columns.size(), 3);
    const QJsonObject name = columns.first().toObject();
    QCOMPARE(name.keys(), (QStringList{"description", "format", "name", "priority", "type"}));
    QCOMPARE(name.value(QLatin1String("format")).toString(), QStringLiteral("name"));
    QCOMPARE(name.value(QLatin1String("priority")).toInt(), 0);
    const QJsonArray rows = table.value(QLatin1String("rows")).toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0)[QLatin1String("cells")].toArray(), (QJsonArray{"a", 1, "5m"}));
    QCOMPARE(rows.at(1)[QLatin1String("cells")].toArray(), (QJsonArray{"b", 0, "2m"}));
    const QJsonObject partial = rows.at(0)[QLatin1String("object")].toObject();
    QCOMPARE(partial.value(QLatin1String("kind")).toString(), QStringLiteral("PartialObjectMetadata"));
    QCOMPARE(partial.value(QLatin1String("apiVersion")).toString(), QStringLiteral("meta.k8s.io/v1"));
    QCOMPARE(partial.value(QLatin1String("metadata")).toObject(),
             objects.front()->metadata()); // labels for --show-labels
    QVERIFY(!partial.contains(QLatin1String("data")));
    QVERIFY(!rows.at(0).toObject().contains(QLatin1String("conditions")));
    // No continue token, no continue key.
    QVERIFY(!toTable(kind("ConfigMap"), {}, QStringLiteral("1"), kNow, false, QString())
                 .value(QLatin1String("metadata"))
                 .toObject()
                 .contains(QLatin1String("continue")));
}

void TablesTest::toTable_canEmbedWholeObjects()
{
    const ObjectPtr cm = makeObject(parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a",
          "creationTimestamp":"$5m"},"data":{"x":"1"}})"));
    const QJsonObject table = toTable(kind("ConfigMap"), {cm}, QStringLiteral("1"), kNow, true, QString());
    QCOMPARE(table[QLatin1String("rows")][0][QLatin1String("object")].toObject(), cm->json());
}

void TablesTest::toTable_marksFinishedPodsCompleted()
{
    const ObjectPtr done = makeObject(parse(pod(kOne, R"("phase":"Succeeded")")));
    const ObjectPtr failed = makeObject(parse(pod(kOne, R"("phase":"Failed")")));
    const ObjectPtr running = makeObject(parse(pod(kOne, R"("phase":"Running")")));
    const QJsonArray rows = toTable(kind("Pod"), {done, failed, running}, QStringLiteral("1"), kNow, false, QString())
                                .value(QLatin1String("rows"))
                                .toArray();
    QCOMPARE(rows.at(0)[QLatin1String("conditions")].toArray(),
             (QJsonArray{QJsonObject{{"type", "Completed"},
                                     {"status", "True"},
                                     {"reason", "Succeeded"},
                                     {"message", "The pod has completed successfully."}}}));
    QCOMPARE(rows.at(1)[QLatin1String("conditions")][0][QLatin1String("reason")].toString(), QStringLiteral("Failed"));
    QCOMPARE(rows.at(1)[QLatin1String("conditions")][0][QLatin1String("message")].toString(),
             QStringLiteral("The pod failed."));
    QVERIFY(!rows.at(2).toObject().contains(QLatin1String("conditions")));
}

void TablesTest::toTableEvent_isOneRowWithColumnsOnRequest()
{
    const ObjectPtr p = makeObject(parse(pod(kOne, R"("phase":"Running")", R"("resourceVersion":"99")")));
    const QJsonObject first = toTableEvent(kind("Pod"), p, kNow, false, true);
    QCOMPARE(first.value(QLatin1String("kind")).toString(), QStringLiteral("Table"));
    QCOMPARE(first.value(QLatin1String("metadata"))[QLatin1String("resourceVersion")].toString(), QStringLiteral("99"));
    QCOMPARE(first.value(QLatin1String("columnDefinitions")).toArray().size(), 9);
    QCOMPARE(first.value(QLatin1String("rows")).toArray().size(), 1);
    const QJsonObject later = toTableEvent(kind("Pod"), p, kNow, true, false);
    QVERIFY(later.value(QLatin1String("columnDefinitions")).toArray().isEmpty());
    QCOMPARE(later[QLatin1String("rows")][0][QLatin1String("cells")],
             first[QLatin1String("rows")][0][QLatin1String("cells")]);
    QCOMPARE(later[QLatin1String("rows")][0][QLatin1String("object")].toObject(), p->json());
}

void TablesTest::age_isUnknownWithoutCreationTimestamp()
{
    QCOMPARE(ageSince(QString(), kNow), QStringLiteral("<unknown>"));
    QCOMPARE(ageSince(QStringLiteral("garbage"), kNow), QStringLiteral("<unknown>"));
    const QJsonArray cells = tableCells(kind("Namespace"), Object(parse(R"({"metadata":{"name":"x"}})")), kNow);
    QCOMPARE(cells, (QJsonArray{"x", "", "<unknown>"}));
}

QTEST_APPLESS_MAIN(TablesTest)
#include "tst_tables.moc"
