// Manifest: files, directories, stdin and text -> the Kubernetes objects in them, as kubectl apply -f
// reads them: lists flattened, empty documents skipped, apiVersion and kind required, errors positioned.
#include "api/manifest.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace tugboat::api;

namespace {

QString dataPath(const QString &name)
{
    const QString path = QFINDTESTDATA(QStringLiteral("data/manifests/") + name);
    if (path.isEmpty())
        qFatal("test data %s not found", qPrintable(name));
    return path;
}

QByteArray fixture(const QString &name)
{
    QFile f(dataPath(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(name));
    return f.readAll();
}

QStringList describe(const QList<ManifestDocument> &docs)
{
    QStringList out;
    for (const ManifestDocument &d : docs)
        out << QStringLiteral("%1 %2 %3:%4:%5 #%6/%7")
                   .arg(d.object.apiVersion(), d.object.kind() + QLatin1Char('/') + d.object.name(), d.source)
                   .arg(d.line)
                   .arg(d.column)
                   .arg(d.index)
                   .arg(d.item);
    return out;
}

QString errorOf(const QByteArray &text, const QString &source = QStringLiteral("m.yaml"))
{
    const Result<QList<ManifestDocument>> r = Manifest::parse(text, source);
    return r ? QStringLiteral("<no error>") : r.error().message();
}

} // namespace

class TestManifest : public QObject {
    Q_OBJECT

private slots:
    void everyDocumentOfAStreamIsAnObject();
    void listsAreFlattenedIntoTheirItems();
    void typedListsGiveItemsTheirKind();
    void listsNestInsideLists();
    void emptyDocumentsAreSkipped();
    void jsonManifestsAreRead();
    void anchorsAndMergeKeysAreResolved();
    void missingTypeFieldsAreNamedWithTheirPosition();
    void malformedTypeFieldsAreRefused_data();
    void malformedTypeFieldsAreRefused();
    void listProblemsNameTheItem_data();
    void listProblemsNameTheItem();
    void documentsThatAreNotObjectsAreRefused_data();
    void documentsThatAreNotObjectsAreRefused();
    void yamlErrorsPassThroughWithTheirPosition_data();
    void yamlErrorsPassThroughWithTheirPosition();
    void filesLoadByPath();
    void directoriesLoadInLexicalOrder();
    void directoriesRecurseOnlyWhenAsked();
    void aMissingPathIsNotFound();
    void devicesAreReadUpToTheStreamLimit();
    void dashReadsStandardInput();
    void limitsComeFromTheOptions();
};

void TestManifest::everyDocumentOfAStreamIsAnObject()
{
    const Result<QList<ManifestDocument>> r =
        Manifest::parse(fixture(QStringLiteral("deployment-service.yaml")), QStringLiteral("deploy.yaml"));
    QVERIFY(r);
    QCOMPARE(describe(*r),
             (QStringList{"apps/v1 Deployment/web deploy.yaml:3:1 #0/-1", "v1 Service/web deploy.yaml:57:1 #1/-1"}));
    const Object &deployment = r->at(0).object;
    QCOMPARE(deployment.namespaceName(), QStringLiteral("shop"));
    QCOMPARE(deployment.valueAt(u"spec.replicas").toInteger(), 3);
    const QJsonObject container = deployment.valueAt(u"spec.template.spec")
                                      .toObject()
                                      .value(QLatin1String("containers"))
                                      .toArray()
                                      .at(0)
                                      .toObject();
    const QJsonArray env = container.value(QLatin1String("env")).toArray();
    QCOMPARE(env.at(0).toObject().value(QLatin1String("value")), QJsonValue(QStringLiteral("8080")));
    QCOMPARE(env.at(1).toObject().value(QLatin1String("value")), QJsonValue(QStringLiteral("false")));
    QCOMPARE(env.at(2).toObject().value(QLatin1String("value")), QJsonValue(QStringLiteral("hello: world")));
    QCOMPARE(container.value(QLatin1String("args")).toArray(),
             (QJsonArray{QStringLiteral("-g"), QStringLiteral("daemon off;")}));
}

void TestManifest::listsAreFlattenedIntoTheirItems()
{
    const Result<QList<ManifestDocument>> r =
        Manifest::parse(fixture(QStringLiteral("list.yaml")), QStringLiteral("list.yaml"));
    QVERIFY(r);
    QCOMPARE(describe(*r),
             (QStringList{"v1 ConfigMap/settings list.yaml:6:3 #0/0", "v1 Secret/credentials list.yaml:13:3 #0/1",
                          "v1 ServiceAccount/runner list.yaml:20:3 #0/2"}));
    QCOMPARE(r->at(0).object.valueAt(u"data.retries"), QJsonValue(QStringLiteral("3")));
}

void TestManifest::typedListsGiveItemsTheirKind()
{
    const Result<QList<ManifestDocument>> r =
        Manifest::parse(fixture(QStringLiteral("podlist.json")), QStringLiteral("pods.json"));
    QVERIFY(r);
    // JSON documents carry only the root position; items report it.
    QCOMPARE(describe(*r), (QStringList{"v1 Pod/worker-0 pods.json:1:1 #0/0", "v1 Pod/worker-1 pods.json:1:1 #0/1"}));
    // An item that names its own type keeps it; one naming only half of it is refused.
    QCOMPARE(describe(*Manifest::parse("apiVersion: v1\nkind: PodList\nitems:\n- apiVersion: v1\n  kind: Binding\n",
                                       QStringLiteral("l.yaml"))),
             QStringList{"v1 Binding/ l.yaml:4:3 #0/0"});
    QCOMPARE(errorOf("apiVersion: v1\nkind: PodList\nitems:\n- kind: Pod\n  metadata: {name: a}\n"),
             QStringLiteral("m.yaml:4:3: items[0].apiVersion: Required value: every object names its API version, "
                            "e.g. apiVersion: apps/v1"));
    // kind: List has no item kind to give.
    QCOMPARE(errorOf("apiVersion: v1\nkind: List\nitems:\n- metadata: {name: a}\n"),
             QStringLiteral("m.yaml:4:3: items[0].apiVersion: Required value: every object names its API version, "
                            "e.g. apiVersion: apps/v1\n"
                            "m.yaml:4:3: items[0].kind: Required value: every object names its kind, e.g. kind: "
                            "Deployment"));
    // Empty and null item lists give no objects; a kind ending in List without items is an object.
    QVERIFY(Manifest::parse("apiVersion: v1\nkind: List\nitems: []\n", QStringLiteral("e.yaml"))->isEmpty());
    QVERIFY(Manifest::parse("apiVersion: v1\nkind: List\nitems:\n", QStringLiteral("e.yaml"))->isEmpty());
    QCOMPARE(describe(*Manifest::parse("apiVersion: example.com/v1\nkind: ShoppingList\nmetadata: {name: x}\n",
                                       QStringLiteral("c.yaml"))),
             QStringList{"example.com/v1 ShoppingList/x c.yaml:1:1 #0/-1"});
}

void TestManifest::listsNestInsideLists()
{
    const QByteArray text = "apiVersion: v1\nkind: List\nitems:\n"
                            "- apiVersion: v1\n  kind: List\n  items:\n"
                            "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: inner}}\n"
                            "- {apiVersion: v1, kind: Secret, metadata: {name: outer}}\n";
    const Result<QList<ManifestDocument>> r = Manifest::parse(text, QStringLiteral("n.yaml"));
    QVERIFY(r);
    QCOMPARE(describe(*r), (QStringList{"v1 ConfigMap/inner n.yaml:4:3 #0/0", "v1 Secret/outer n.yaml:8:3 #0/1"}));
}

void TestManifest::emptyDocumentsAreSkipped()
{
    const Result<QList<ManifestDocument>> r =
        Manifest::parse(fixture(QStringLiteral("empty-documents.yaml")), QStringLiteral("e.yaml"));
    QVERIFY(r);
    QCOMPARE(describe(*r), QStringList{"v1 Namespace/staging e.yaml:6:1 #2/-1"});
    QVERIFY(Manifest::parse(QByteArray(), QStringLiteral("empty.yaml"))->isEmpty());
    QVERIFY(Manifest::parse("---\n---\n# nothing\n", QStringLiteral("empty.yaml"))->isEmpty());
}

void TestManifest::jsonManifestsAreRead()
{
    const Result<QList<ManifestDocument>> r =
        Manifest::parse(fixture(QStringLiteral("deployment.json")), QStringLiteral("api.json"));
    QVERIFY(r);
    QCOMPARE(describe(*r), QStringList{"apps/v1 Deployment/api api.json:1:1 #0/-1"});
    QCOMPARE(r->at(0).object.labels(), (StringMap{{QStringLiteral("app"), QStringLiteral("api")},
                                                  {QStringLiteral("tier"), QStringLiteral("backend")}}));
}

void TestManifest::anchorsAndMergeKeysAreResolved()
{
    const Result<QList<ManifestDocument>> r =
        Manifest::parse(fixture(QStringLiteral("anchors.yaml")), QStringLiteral("a.yaml"));
    QVERIFY(r);
    QCOMPARE(r->size(), 2);
    const Object &job = r->at(1).object;
    QCOMPARE(job.labels(), (StringMap{{QStringLiteral("app"), QStringLiteral("batch")},
                                      {QStringLiteral("team"), QStringLiteral("data")}}));
    const QJsonArray containers =
        job.valueAt(u"spec.template.spec").toObject().value(QLatin1String("containers")).toArray();
    QCOMPARE(containers.size(), 2);
    QCOMPARE(containers.at(1).toObject().value(QLatin1String("name")).toString(), QStringLiteral("sidecar"));
    QCOMPARE(containers.at(1).toObject().value(QLatin1String("image")),
             containers.at(0).toObject().value(QLatin1String("image")));
    QCOMPARE(r->at(0).object.valueAt(u"data.banner").toString(), QStringLiteral("no trailing newline"));
}

void TestManifest::missingTypeFieldsAreNamedWithTheirPosition()
{
    const Result<QList<ManifestDocument>> r =
        Manifest::parse(fixture(QStringLiteral("missing-kind.yaml")), QStringLiteral("missing-kind.yaml"));
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::Invalid);
    QCOMPARE(r.error().message(),
             QStringLiteral("missing-kind.yaml:6:1: kind: Required value: every object names its kind, e.g. kind: "
                            "Deployment\n"
                            "missing-kind.yaml:10:1: apiVersion: Required value: every object names its API version, "
                            "e.g. apiVersion: apps/v1"));
    QCOMPARE(r.error().causes().size(), 2);
    QCOMPARE(r.error().causes().at(0).type, FieldError::Type::Required);
    QCOMPARE(r.error().causes().at(0).field, QStringLiteral("kind"));
    QCOMPARE(r.error().causes().at(1).field, QStringLiteral("apiVersion"));
}

void TestManifest::malformedTypeFieldsAreRefused_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("kind is a number") << QByteArray("apiVersion: v1\nkind: 5\n")
                                      << "m.yaml:2:7: kind: Invalid value: 5: must be a string";
    QTest::newRow("apiVersion is a list") << QByteArray("apiVersion: [v1]\nkind: Pod\n")
                                          << "m.yaml:1:13: apiVersion: Invalid value: [\"v1\"]: must be a string";
    QTest::newRow("kind is empty") << QByteArray("apiVersion: v1\nkind: \"\"\n")
                                   << "m.yaml:1:1: kind: Required value: every object names its kind, e.g. kind: "
                                      "Deployment";
    QTest::newRow("kind is null") << QByteArray("apiVersion: v1\nkind:\n")
                                  << "m.yaml:1:1: kind: Required value: every object names its kind, e.g. kind: "
                                     "Deployment";
    QTest::newRow("yes is not a version") << QByteArray("apiVersion: yes\nkind: Pod\n")
                                          << "m.yaml:1:13: apiVersion: Invalid value: true: must be a string";
}

void TestManifest::malformedTypeFieldsAreRefused()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    const Result<QList<ManifestDocument>> r = Manifest::parse(text, QStringLiteral("m.yaml"));
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::Invalid);
    QCOMPARE(r.error().message(), error);
}

void TestManifest::listProblemsNameTheItem_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("items is a string") << QByteArray("apiVersion: v1\nkind: List\nitems: none\n")
                                       << "m.yaml:3:8: items: Invalid value: \"none\": must be a list of objects";
    QTest::newRow("an item is a scalar")
        << QByteArray("apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod}\n- 5\n")
        << "m.yaml:5:3: items[1]: Invalid value: 5: must be an object";
    QTest::newRow("an item lacks its kind")
        << QByteArray("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata: {name: a}\n")
        << "m.yaml:4:3: items[0].kind: Required value: every object names its kind, e.g. kind: Deployment";
    QTest::newRow("the list lacks its apiVersion") << QByteArray("kind: List\nitems: []\n")
                                                   << "m.yaml:1:1: apiVersion: Required value: every object "
                                                      "names its API version, e.g. apiVersion: apps/v1";
}

void TestManifest::listProblemsNameTheItem()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QCOMPARE(errorOf(text), error);
}

void TestManifest::documentsThatAreNotObjectsAreRefused_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("sequence") << fixture(QStringLiteral("not-an-object.yaml"))
                              << "m.yaml:1:1: expected a Kubernetes object (a mapping with apiVersion and kind), "
                                 "found a sequence";
    QTest::newRow("string in a second document")
        << QByteArray("apiVersion: v1\nkind: Pod\n---\nhello\n")
        << "m.yaml:4:1: expected a Kubernetes object (a mapping with apiVersion and kind), found a string";
    QTest::newRow("number") << QByteArray("42")
                            << "m.yaml:1:1: expected a Kubernetes object (a mapping with "
                               "apiVersion and kind), found a number";
    QTest::newRow("json array") << QByteArray("[{\"kind\": \"Pod\"}]")
                                << "m.yaml:1:1: expected a Kubernetes object (a mapping with apiVersion and kind), "
                                   "found a sequence";
}

void TestManifest::documentsThatAreNotObjectsAreRefused()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    const Result<QList<ManifestDocument>> r = Manifest::parse(text, QStringLiteral("m.yaml"));
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::BadRequest);
    QCOMPARE(r.error().message(), error);
}

void TestManifest::yamlErrorsPassThroughWithTheirPosition_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("error");
    QTest::addColumn<ErrorCode>("code");
    QTest::newRow("syntax") << "syntax-error.yaml"
                            << "syntax-error.yaml:6:13: mapping values are not allowed in this context"
                            << ErrorCode::BadRequest;
    QTest::newRow("tabs") << "tabs.yaml"
                          << "tabs.yaml:4:1: found a tab character where indentation is expected; indent with spaces"
                          << ErrorCode::BadRequest;
    QTest::newRow("billion laughs") << "billion-laughs.yaml"
                                    << "billion-laughs.yaml:12:10: document contains excessive aliasing: expanding "
                                       "aliases would add more than 1000000 nodes"
                                    << ErrorCode::BadRequest;
    QTest::newRow("invalid UTF-8") << "invalid-utf8.yaml"
                                   << "invalid-utf8.yaml:4:12: invalid UTF-8 byte 0xe9; the input must be UTF-8 text"
                                   << ErrorCode::BadRequest;
}

void TestManifest::yamlErrorsPassThroughWithTheirPosition()
{
    QFETCH(QString, file);
    QFETCH(QString, error);
    QFETCH(ErrorCode, code);
    const Result<QList<ManifestDocument>> r = Manifest::parse(fixture(file), file);
    QVERIFY(!r);
    QCOMPARE(r.error().code(), code);
    QCOMPARE(r.error().message(), error);
}

void TestManifest::filesLoadByPath()
{
    const QString path = dataPath(QStringLiteral("list.yaml"));
    const Result<QList<ManifestDocument>> r = Manifest::load(path);
    QVERIFY(r);
    QCOMPARE(r->size(), 3);
    QCOMPARE(r->at(2).source, path);
    // A file named explicitly is read whatever its extension.
    QTemporaryDir dir;
    QFile odd(dir.filePath(QStringLiteral("manifest.txt")));
    QVERIFY(odd.open(QIODevice::WriteOnly));
    odd.write("apiVersion: v1\nkind: Namespace\nmetadata: {name: odd}\n");
    odd.close();
    QCOMPARE(describe(*Manifest::load(odd.fileName())),
             QStringList{"v1 Namespace/odd " + odd.fileName() + ":1:1 #0/-1"});
}

void TestManifest::directoriesLoadInLexicalOrder()
{
    const QString dir = QFileInfo(dataPath(QStringLiteral("dir/a-configmap.yaml"))).absolutePath();
    const Result<QList<ManifestDocument>> r = Manifest::load(dir);
    QVERIFY(r);
    QCOMPARE(describe(*r), (QStringList{"v1 ConfigMap/a " + dir + "/a-configmap.yaml:1:1 #0/-1",
                                        "v1 Service/b " + dir + "/b-service.yml:1:1 #0/-1",
                                        "v1 Namespace/c " + dir + "/c-namespace.json:1:1 #0/-1"}));
}

void TestManifest::directoriesRecurseOnlyWhenAsked()
{
    const QString dir = QFileInfo(dataPath(QStringLiteral("dir/a-configmap.yaml"))).absolutePath();
    ManifestOptions options;
    options.recursive = true;
    const Result<QList<ManifestDocument>> r = Manifest::load(dir, options);
    QVERIFY(r);
    QStringList names;
    for (const ManifestDocument &d : *r)
        names << d.object.name();
    QCOMPARE(names, (QStringList{"a", "b", "c", "d"}));
    QCOMPARE(r->at(3).source, dir + QStringLiteral("/sub/d-secret.yaml"));

    // Every broken file is reported, each on its own line.
    QTemporaryDir tmp;
    for (const auto &[name, text] :
         {std::pair{"1-bad.yaml", "a: b: c\n"}, std::pair{"2-good.yaml", "apiVersion: v1\nkind: Pod\n"},
          std::pair{"3-bad.json", "{\"kind\": \"Pod\"}"}}) {
        QFile f(tmp.filePath(QLatin1String(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }
    const Result<QList<ManifestDocument>> broken = Manifest::load(tmp.path());
    QVERIFY(!broken);
    QCOMPARE(broken.error().code(), ErrorCode::BadRequest);
    QCOMPARE(broken.error().message(),
             tmp.filePath(QStringLiteral("1-bad.yaml")) + ":1:5: mapping values are not allowed in this context\n" +
                 tmp.filePath(QStringLiteral("3-bad.json")) +
                 ":1:1: apiVersion: Required value: every object names its API version, e.g. apiVersion: apps/v1");
}

void TestManifest::aMissingPathIsNotFound()
{
    const Result<QList<ManifestDocument>> r = Manifest::load(QStringLiteral("/nonexistent/deploy.yaml"));
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::NotFound);
    QCOMPARE(r.error().message(), QStringLiteral("/nonexistent/deploy.yaml: no such file or directory"));
}

void TestManifest::devicesAreReadUpToTheStreamLimit()
{
    QBuffer buffer;
    buffer.setData(fixture(QStringLiteral("deployment-service.yaml")));
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    const Result<QList<ManifestDocument>> r = Manifest::read(buffer, QStringLiteral("<stdin>"));
    QVERIFY(r);
    QCOMPARE(r->size(), 2);
    QCOMPARE(r->at(1).source, QStringLiteral("<stdin>"));

    ManifestOptions options;
    options.limits.maxStreamBytes = 100;
    QBuffer big;
    big.setData(QByteArray("# padding\n").repeated(1000));
    QVERIFY(big.open(QIODevice::ReadOnly));
    const Result<QList<ManifestDocument>> tooBig = Manifest::read(big, QStringLiteral("<stdin>"), options);
    QVERIFY(!tooBig);
    QCOMPARE(tooBig.error().code(), ErrorCode::RequestTooLarge);
    QCOMPARE(tooBig.error().message(), QStringLiteral("<stdin>:11:1: the input is larger than the limit of 100 bytes"));
    QCOMPARE(big.pos(), 101); // no more than one byte past the limit was read
}

void TestManifest::dashReadsStandardInput()
{
    // Standard input is redirected to a file for this test; nothing else in the test reads it.
    QVERIFY(std::freopen(qPrintable(dataPath(QStringLiteral("list.yaml"))), "r", stdin));
    const Result<QList<ManifestDocument>> r = Manifest::load(QStringLiteral("-"));
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message()));
    QCOMPARE(describe(*r).first(), QStringLiteral("v1 ConfigMap/settings <stdin>:6:3 #0/0"));
}

void TestManifest::limitsComeFromTheOptions()
{
    ManifestOptions options;
    options.limits.maxDocuments = 1;
    const Result<QList<ManifestDocument>> r =
        Manifest::parse(fixture(QStringLiteral("deployment-service.yaml")), QStringLiteral("d.yaml"), options);
    QVERIFY(!r);
    QCOMPARE(r.error().message(), QStringLiteral("d.yaml:56:1: the stream has more than 1 documents"));
    QCOMPARE(errorOf(QByteArray(100000, '[')),
             QStringLiteral("m.yaml:1:257: nesting is deeper than the limit of 256 levels"));
}

QTEST_APPLESS_MAIN(TestManifest)
#include "tst_manifest.moc"
