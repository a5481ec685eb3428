// Role-based authorisation: a table of identity x request -> allowed or denied, and the denial in
// Kubernetes' own words.
#include "apiserver/authorizer.h"

#include <QTest>

using namespace tugboat;
using namespace tugboat::apiserver;

namespace {

// "admin", "viewer", "node:n1", "join", "anonymous"
Identity identityFor(const QString &who)
{
    if (who == QLatin1String("admin"))
        return Identity::forToken(Role::Admin, QStringLiteral("aaaaaa"));
    if (who == QLatin1String("viewer"))
        return Identity::forToken(Role::Viewer, QStringLiteral("vvvvvv"));
    if (who.startsWith(QLatin1String("node:")))
        return Identity::forToken(Role::Node, QStringLiteral("nnnnnn"), who.mid(5));
    if (who == QLatin1String("join"))
        return Identity::forToken(Role::Node, QStringLiteral("jjjjjj"));
    return Identity::anonymous();
}

// A request written as "verb group/resource[/subresource] [ns/]name", e.g. "patch /nodes n1" (cluster
// scope), "update /pods/status default/p1", "list /pods default/" (no name), "create
// coordination.k8s.io/leases kube-node-lease/n1", or for a non-resource path "get path:/healthz".
RequestAttributes request(const QString &text)
{
    const QStringList parts = text.split(u' ');
    RequestAttributes r;
    r.verb = parts.value(0);
    const QString target = parts.value(1);
    if (target.startsWith(QLatin1String("path:"))) {
        r.path = target.mid(5);
        return r;
    }
    const QStringList gr = target.split(u'/');
    r.group = gr.value(0);
    r.resource = gr.value(1);
    r.subresource = gr.value(2);
    const QString object = parts.value(2);
    if (object.contains(u'/')) {
        r.namespaceName = object.section(u'/', 0, 0);
        r.name = object.section(u'/', 1);
    } else {
        r.name = object;
    }
    return r;
}

const char *kAllowed = "";

} // namespace

class AuthorizerTest : public QObject {
    Q_OBJECT

private slots:
    void authorize_decidesByRole_data();
    void authorize_decidesByRole();
    void node_mayOnlyTouchPodsBoundToIt_data();
    void node_mayOnlyTouchPodsBoundToIt();
    void node_readsOnlySecretsItsPodsReference();
    void callbacks_areNotCalledForOtherRoles();
    void decision_toErrorIsForbidden();
    void forbiddenMessage_followsKubernetesWording_data();
    void forbiddenMessage_followsKubernetesWording();
};

void AuthorizerTest::authorize_decidesByRole_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("req");
    QTest::addColumn<QString>("message"); // empty: allowed; "*": denied, message not checked

    auto allow = [](const char *name, const char *who, const char *req) {
        QTest::newRow(name) << QString::fromLatin1(who) << QString::fromLatin1(req) << QString::fromLatin1(kAllowed);
    };
    auto deny = [](const char *name, const char *who, const char *req, const char *message = "*") {
        QTest::newRow(name) << QString::fromLatin1(who) << QString::fromLatin1(req) << QString::fromUtf8(message);
    };

    // admin: everything
    allow("admin creates pods", "admin", "create /pods default/");
    allow("admin deletes nodes", "admin", "delete /nodes n1");
    allow("admin reads secrets", "admin", "get /secrets default/s");
    allow("admin deletecollection", "admin", "deletecollection apps/deployments default/");
    allow("admin execs", "admin", "create /pods/exec default/p");
    allow("admin posts to a path", "admin", "post path:/anything");

    // viewer: read everything but secrets
    allow("viewer lists pods", "viewer", "list /pods default/");
    allow("viewer watches deployments", "viewer", "watch apps/deployments /");
    allow("viewer gets a node", "viewer", "get /nodes n1");
    allow("viewer reads logs", "viewer", "get /pods/log default/p");
    allow("viewer reads configmaps", "viewer", "get /configmaps default/c");
    deny("viewer creates pods", "viewer", "create /pods default/",
         "pods is forbidden: User \"viewer\" cannot create resource \"pods\" in API group \"\" in the "
         "namespace "
         "\"default\"");
    deny("viewer gets a secret", "viewer", "get /secrets default/s",
         "secrets \"s\" is forbidden: User \"viewer\" cannot get resource \"secrets\" in API group \"\" in "
         "the "
         "namespace \"default\"");
    deny("viewer lists secrets", "viewer", "list /secrets /",
         "secrets is forbidden: User \"viewer\" cannot list resource \"secrets\" in API group \"\" at the "
         "cluster "
         "scope");
    deny("viewer scales", "viewer", "update apps/deployments/scale default/web",
         "deployments.apps \"web\" is forbidden: User \"viewer\" cannot update resource "
         "\"deployments/scale\" in API "
         "group \"apps\" in the namespace \"default\"");
    deny("viewer deletes", "viewer", "delete /pods default/p");
    deny("viewer patches", "viewer", "patch /nodes n1");
    deny("viewer execs with get", "viewer", "get /pods/exec default/p");
    deny("viewer port-forwards", "viewer", "get /pods/portforward default/p");
    deny("viewer proxies", "viewer", "get /services/proxy default/s");
    allow("viewer reads a secret-like name in another group", "viewer", "get example.com/secrets default/s");

    // node n1: Node authorizer + NodeRestriction
    allow("node gets its node", "node:n1", "get /nodes n1");
    allow("node lists nodes", "node:n1", "list /nodes ");
    allow("node watches nodes", "node:n1", "watch /nodes ");
    allow("node creates its node", "node:n1", "create /nodes n1");
    allow("node patches its node", "node:n1", "patch /nodes n1");
    allow("node updates its node status", "node:n1", "update /nodes/status n1");
    deny("node patches another node", "node:n2", "patch /nodes n1",
         "nodes \"n1\" is forbidden: User \"system:node:n2\" cannot patch resource \"nodes\" in API group "
         "\"\" at "
         "the cluster scope");
    deny("node creates another node", "node:n1", "create /nodes n2");
    deny("node creates an unnamed node", "node:n1", "create /nodes ");
    deny("node deletes its node", "node:n1", "delete /nodes n1");
    deny("node proxies to a node", "node:n1", "get /nodes/proxy n1");
    allow("node creates its lease", "node:n1", "create coordination.k8s.io/leases kube-node-lease/n1");
    allow("node renews its lease", "node:n1", "update coordination.k8s.io/leases kube-node-lease/n1");
    allow("node patches its lease", "node:n1", "patch coordination.k8s.io/leases kube-node-lease/n1");
    allow("node gets its lease", "node:n1", "get coordination.k8s.io/leases kube-node-lease/n1");
    deny("node renews another lease", "node:n1", "update coordination.k8s.io/leases kube-node-lease/n2",
         "leases.coordination.k8s.io \"n2\" is forbidden: User \"system:node:n1\" cannot update resource "
         "\"leases\" "
         "in API group \"coordination.k8s.io\" in the namespace \"kube-node-lease\"");
    deny("node lease elsewhere", "node:n1", "update coordination.k8s.io/leases default/n1");
    deny("node deletes its lease", "node:n1", "delete coordination.k8s.io/leases kube-node-lease/n1");
    deny("node lists leases", "node:n1", "list coordination.k8s.io/leases kube-node-lease/");
    allow("node lists pods", "node:n1", "list /pods /");
    allow("node watches pods", "node:n1", "watch /pods default/");
    allow("node gets a pod", "node:n1", "get /pods default/p");
    deny("node creates a pod", "node:n1", "create /pods default/p",
         "pods \"p\" is forbidden: User \"system:node:n1\" cannot create resource \"pods\" in API group \"\" "
         "in the "
         "namespace \"default\"");
    deny("node binds a pod", "node:n1", "create /pods/binding default/p");
    deny("node evicts a pod", "node:n1", "create /pods/eviction default/p");
    deny("node deletecollection pods", "node:n1", "deletecollection /pods default/");
    allow("node reads services", "node:n1", "list /services /");
    allow("node reads endpoints", "node:n1", "watch /endpoints /");
    allow("node reads endpointslices", "node:n1", "list discovery.k8s.io/endpointslices /");
    deny("node creates services", "node:n1", "create /services default/s");
    allow("node gets a configmap", "node:n1", "get /configmaps default/c");
    allow("node gets a secret", "node:n1", "get /secrets default/s");
    allow("node watches one secret", "node:n1", "watch /secrets default/s");
    deny("node lists all secrets", "node:n1", "list /secrets default/",
         "secrets is forbidden: User \"system:node:n1\" cannot list resource \"secrets\" in API group \"\" "
         "in the "
         "namespace \"default\"");
    deny("node writes a configmap", "node:n1", "update /configmaps default/c");
    allow("node creates events", "node:n1", "create /events default/");
    allow("node patches events", "node:n1", "patch /events default/e");
    allow("node creates new-style events", "node:n1", "create events.k8s.io/events default/");
    deny("node deletes events", "node:n1", "delete /events default/e");
    deny("node reads deployments", "node:n1", "get apps/deployments default/web");
    deny("node reads namespaces", "node:n1", "get /namespaces default");
    deny("node writes namespaces", "node:n1", "create /namespaces x");

    // join token: nothing until exchanged for a node credential
    deny("join token gets nodes", "join", "get /nodes n1",
         "nodes \"n1\" is forbidden: User \"system:bootstrap:jjjjjj\" cannot get resource \"nodes\" in API "
         "group "
         "\"\" at the cluster scope");
    deny("join token creates a node", "join", "create /nodes n1");
    deny("join token creates events", "join", "create /events default/");

    // anonymous
    deny("anonymous lists pods", "anonymous", "list /pods default/",
         "pods is forbidden: User \"system:anonymous\" cannot list resource \"pods\" in API group \"\" in the "
         "namespace \"default\"");

    // non-resource paths
    allow("anonymous healthz", "anonymous", "get path:/healthz");
    allow("anonymous healthz check", "anonymous", "get path:/healthz/ping");
    allow("anonymous livez", "anonymous", "get path:/livez");
    allow("anonymous readyz", "anonymous", "get path:/readyz");
    allow("anonymous version", "anonymous", "get path:/version");
    deny("anonymous discovery", "anonymous", "get path:/api",
         "forbidden: User \"system:anonymous\" cannot get path \"/api\"");
    deny("anonymous metrics", "anonymous", "get path:/metrics");
    deny("anonymous look-alike path", "anonymous", "get path:/healthzz");
    deny("anonymous post healthz", "anonymous", "post path:/healthz");
    allow("viewer discovery", "viewer", "get path:/apis/apps/v1");
    allow("viewer openapi", "viewer", "get path:/openapi/v2");
    allow("viewer metrics", "viewer", "get path:/metrics");
    allow("node discovery", "node:n1", "get path:/api/v1");
    allow("join token discovery", "join", "get path:/apis");
    deny("node metrics", "node:n1", "get path:/metrics",
         "forbidden: User \"system:node:n1\" cannot get path \"/metrics\"");
    deny("viewer posts to a path", "viewer", "post path:/apis");
}

void AuthorizerTest::authorize_decidesByRole()
{
    QFETCH(QString, who);
    QFETCH(QString, req);
    QFETCH(QString, message);
    const Decision decision = authorize(identityFor(who), request(req));
    QVERIFY(!decision.reason.isEmpty());
    if (message.isEmpty()) {
        QVERIFY2(decision.allowed, qPrintable(decision.message + QStringLiteral(" / ") + decision.reason));
        QVERIFY(decision.message.isEmpty());
        return;
    }
    QVERIFY2(!decision.allowed, qPrintable(decision.reason));
    QVERIFY(!decision.message.isEmpty());
    if (message != QLatin1String("*"))
        QCOMPARE(decision.message, message);
}

void AuthorizerTest::node_mayOnlyTouchPodsBoundToIt_data()
{
    QTest::addColumn<QString>("req");
    QTest::addColumn<QString>("boundTo"); // "-": the callback is not set; "?": the pod does not exist
    QTest::addColumn<bool>("allowed");
    QTest::newRow("status of own pod") << QStringLiteral("update /pods/status default/p") << QStringLiteral("n1")
                                       << true;
    QTest::newRow("patch status of own pod")
        << QStringLiteral("patch /pods/status default/p") << QStringLiteral("n1") << true;
    QTest::newRow("status of another node's pod")
        << QStringLiteral("update /pods/status default/p") << QStringLiteral("n2") << false;
    QTest::newRow("status of an unscheduled pod")
        << QStringLiteral("patch /pods/status default/p") << QString() << false;
    QTest::newRow("status of a missing pod")
        << QStringLiteral("patch /pods/status default/p") << QStringLiteral("?") << false;
    QTest::newRow("status without the callback")
        << QStringLiteral("patch /pods/status default/p") << QStringLiteral("-") << false;
    QTest::newRow("delete own pod") << QStringLiteral("delete /pods default/p") << QStringLiteral("n1") << true;
    QTest::newRow("delete another node's pod")
        << QStringLiteral("delete /pods default/p") << QStringLiteral("n2") << false;
    QTest::newRow("update own pod spec") << QStringLiteral("update /pods default/p") << QStringLiteral("n1") << false;
    QTest::newRow("patch own pod spec") << QStringLiteral("patch /pods default/p") << QStringLiteral("n1") << false;
    QTest::newRow("get status of any pod")
        << QStringLiteral("get /pods/status default/p") << QStringLiteral("n2") << true;
}

void AuthorizerTest::node_mayOnlyTouchPodsBoundToIt()
{
    QFETCH(QString, req);
    QFETCH(QString, boundTo);
    QFETCH(bool, allowed);
    RequestAttributes r = request(req);
    if (boundTo == QLatin1String("?"))
        r.podNodeName = [] { return std::optional<QString>(); };
    else if (boundTo != QLatin1String("-"))
        r.podNodeName = [boundTo] { return std::optional<QString>(boundTo); };
    const Decision decision = authorize(identityFor(QStringLiteral("node:n1")), r);
    QCOMPARE(decision.allowed, allowed);
    if (!allowed)
        QVERIFY2(
            decision.message.startsWith(QStringLiteral("pods \"p\" is forbidden: User \"system:node:n1\" cannot ")),
            qPrintable(decision.message));
}

void AuthorizerTest::node_readsOnlySecretsItsPodsReference()
{
    RequestAttributes r = request(QStringLiteral("get /secrets default/db-password"));
    QString askedFor;
    r.referencedByPodOn = [&](const QString &node) {
        askedFor = node;
        return node == QLatin1String("n1");
    };
    QVERIFY(authorize(identityFor(QStringLiteral("node:n1")), r).allowed);
    QCOMPARE(askedFor, QStringLiteral("n1"));
    const Decision other = authorize(identityFor(QStringLiteral("node:n2")), r);
    QVERIFY(!other.allowed);
    QCOMPARE(askedFor, QStringLiteral("n2"));
    QCOMPARE(other.message, QStringLiteral("secrets \"db-password\" is forbidden: User \"system:node:n2\" cannot get "
                                           "resource \"secrets\" in API group \"\" in the namespace \"default\""));
}

void AuthorizerTest::callbacks_areNotCalledForOtherRoles()
{
    int calls = 0;
    RequestAttributes r = request(QStringLiteral("update /pods/status default/p"));
    r.podNodeName = [&] {
        ++calls;
        return std::optional<QString>(QStringLiteral("n1"));
    };
    r.referencedByPodOn = [&](const QString &) {
        ++calls;
        return true;
    };
    QVERIFY(authorize(identityFor(QStringLiteral("admin")), r).allowed);
    QVERIFY(!authorize(identityFor(QStringLiteral("viewer")), r).allowed);
    QVERIFY(!authorize(identityFor(QStringLiteral("join")), r).allowed);
    QCOMPARE(calls, 0);
    QVERIFY(authorize(identityFor(QStringLiteral("node:n1")), r).allowed);
    QCOMPARE(calls, 1);
}

void AuthorizerTest::decision_toErrorIsForbidden()
{
    const Decision decision =
        authorize(identityFor(QStringLiteral("viewer")), request(QStringLiteral("delete /pods default/p")));
    const api::Error error = decision.toError();
    QCOMPARE(error.code(), api::ErrorCode::Forbidden);
    QCOMPARE(error.httpStatus(), 403);
    QCOMPARE(error.reason(), QStringLiteral("Forbidden"));
    QCOMPARE(error.message(), decision.message);
}

void AuthorizerTest::forbiddenMessage_followsKubernetesWording_data()
{
    QTest::addColumn<QString>("req");
    QTest::addColumn<QString>("message");
    QTest::newRow("named, namespaced, subresource")
        << QStringLiteral("update /pods/status default/p")
        << QStringLiteral("pods \"p\" is forbidden: User \"viewer\" cannot update resource \"pods/status\" in API "
                          "group \"\" in the namespace \"default\"");
    QTest::newRow("unnamed, cluster scope, group")
        << QStringLiteral("list rbac.authorization.k8s.io/clusterroles ")
        << QStringLiteral("clusterroles.rbac.authorization.k8s.io is forbidden: User \"viewer\" cannot list resource "
                          "\"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope");
    QTest::newRow("path") << QStringLiteral("delete path:/logs")
                          << QStringLiteral("forbidden: User \"viewer\" cannot delete path \"/logs\"");
}

void AuthorizerTest::forbiddenMessage_followsKubernetesWording()
{
    QFETCH(QString, req);
    QFETCH(QString, message);
    QCOMPARE(forbiddenMessage(identityFor(QStringLiteral("viewer")), request(req)), message);
}

QTEST_GUILESS_MAIN(AuthorizerTest)
#include "tst_authorizer.moc"
