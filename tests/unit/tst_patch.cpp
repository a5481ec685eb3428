// JSON merge patch (RFC 7386) and JSON patch (RFC 6902) as kube-apiserver applies them: the RFCs'
// own examples, kubectl's bodies (scale, rollout undo) on realistic objects, and the errors with the
// status code kube-apiserver answers and a message that names the operation and the path.
#include "api/patch.h"
#include "patchfixtures.h"

#include <QTest>

using namespace tugboat::api;
using tugboat::test::json;
using tugboat::test::object;
using tugboat::test::show;

class PatchTest : public QObject {
    Q_OBJECT

private slots:
    void mergePatch_followsRfc7386_data();
    void mergePatch_followsRfc7386();
    void applyMergePatch_kubectlScaleSetsReplicas();
    void applyMergePatch_rejectsBodiesThatAreNotObjects_data();
    void applyMergePatch_rejectsBodiesThatAreNotObjects();
    void applyJsonPatch_appliesOperationsInOrder_data();
    void applyJsonPatch_appliesOperationsInOrder();
    void applyJsonPatch_kubectlRolloutUndoReplacesTemplateAndAnnotations();
    void applyJsonPatch_reportsWhichOperationFailedAndWhy_data();
    void applyJsonPatch_reportsWhichOperationFailedAndWhy();
    void applyJsonPatch_refusesMoreThanTenThousandOperations();
    void applyJsonPatch_leavesTheTargetUntouched();
    void parseJsonPointer_decodesEscapes_data();
    void parseJsonPointer_decodesEscapes();
    void jsonPointer_escapesTokens();
    void withoutNullMembers_dropsNullsAtEveryDepth();
};

void PatchTest::mergePatch_followsRfc7386_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("expected");
    // RFC 7386 appendix A, every example.
    QTest::newRow("replace member") << QByteArray("{'a':'b'}") << QByteArray("{'a':'c'}") << QByteArray("{'a':'c'}");
    QTest::newRow("add member") << QByteArray("{'a':'b'}") << QByteArray("{'b':'c'}")
                                << QByteArray("{'a':'b','b':'c'}");
    QTest::newRow("null deletes") << QByteArray("{'a':'b'}") << QByteArray("{'a':null}") << QByteArray("{}");
    QTest::newRow("null deletes one of two")
        << QByteArray("{'a':'b','b':'c'}") << QByteArray("{'a':null}") << QByteArray("{'b':'c'}");
    QTest::newRow("scalar replaces array")
        << QByteArray("{'a':['b']}") << QByteArray("{'a':'c'}") << QByteArray("{'a':'c'}");
    QTest::newRow("array replaces scalar")
        << QByteArray("{'a':'c'}") << QByteArray("{'a':['b']}") << QByteArray("{'a':['b']}");
    QTest::newRow("nested merge and delete")
        << QByteArray("{'a':{'b':'c'}}") << QByteArray("{'a':{'b':'d','c':null}}") << QByteArray("{'a':{'b':'d'}}");
    QTest::newRow("array replaced whole")
        << QByteArray("{'a':[{'b':'c'}]}") << QByteArray("{'a':[1]}") << QByteArray("{'a':[1]}");
    QTest::newRow("array target and patch")
        << QByteArray("['a','b']") << QByteArray("['c','d']") << QByteArray("['c','d']");
    QTest::newRow("array patch replaces object")
        << QByteArray("{'a':'b'}") << QByteArray("['c']") << QByteArray("['c']");
    QTest::newRow("null patch") << QByteArray("{'a':'foo'}") << QByteArray("null") << QByteArray("null");
    QTest::newRow("string patch") << QByteArray("{'a':'foo'}") << QByteArray("'bar'") << QByteArray("'bar'");
    QTest::newRow("existing null kept") << QByteArray("{'e':null}") << QByteArray("{'a':1}")
                                        << QByteArray("{'a':1,'e':null}");
    QTest::newRow("object patch on array")
        << QByteArray("[1,2]") << QByteArray("{'a':'b','c':null}") << QByteArray("{'a':'b'}");
    QTest::newRow("nulls in new members vanish")
        << QByteArray("{}") << QByteArray("{'a':{'bb':{'ccc':null}}}") << QByteArray("{'a':{'bb':{}}}");
}

void PatchTest::mergePatch_followsRfc7386()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, expected);
    QCOMPARE(show(mergePatch(json(target), json(patch))), show(json(expected)));
}

void PatchTest::applyMergePatch_kubectlScaleSetsReplicas()
{
    // kubectl scale deploy web --replicas=5 (KUBECTL-WIRE §5 row 10), on the autoscaling/v1 Scale.
    const QJsonObject scale = object(R"({'kind':'Scale','apiVersion':'autoscaling/v1',
        'metadata':{'name':'web','namespace':'default','uid':'6f1c','resourceVersion':'812'},
        'spec':{'replicas':3},'status':{'replicas':3,'selector':'app=web'}})");
    auto scaled = applyMergePatch(scale, QByteArray(R"({"spec":{"replicas":5}})"));
    QVERIFY2(scaled.ok(), qPrintable(scaled.errorMessage()));
    QCOMPARE(scaled->value(QLatin1String("spec")).toObject().value(QLatin1String("replicas")).toInt(), 5);
    QCOMPARE(scaled->value(QLatin1String("status")), scale.value(QLatin1String("status")));

    // The same body on the Deployment changes nothing else.
    QJsonObject expected = tugboat::test::deployment();
    QJsonObject spec = expected.value(QLatin1String("spec")).toObject();
    spec.insert(QStringLiteral("replicas"), 5);
    expected.insert(QStringLiteral("spec"), spec);
    auto patched = applyMergePatch(tugboat::test::deployment(), QByteArray(R"({"spec":{"replicas":5}})"));
    QVERIFY(patched.ok());
    QCOMPARE(show(*patched), show(expected));
}

void PatchTest::applyMergePatch_rejectsBodiesThatAreNotObjects_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("array") << QByteArray("[1,2]")
                           << "merge patch: the patch must be a JSON object (a Kubernetes object stays an object)";
    QTest::newRow("not json") << QByteArray("{\"spec\":")
                              << "merge patch: the body is not valid JSON: unterminated object at offset 8";
}

void PatchTest::applyMergePatch_rejectsBodiesThatAreNotObjects()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    auto result = applyMergePatch(tugboat::test::deployment(), body);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::BadRequest);
    QCOMPARE(result.error().message(), message);
}

void PatchTest::applyJsonPatch_appliesOperationsInOrder_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<QByteArray>("expected");
    // RFC 6902 appendix A, with array documents wrapped in an object (a Kubernetes object is one).
    QTest::newRow("A.1 add member") << QByteArray("{'foo':'bar'}")
                                    << QByteArray("[{'op':'add','path':'/baz','value':'qux'}]")
                                    << QByteArray("{'baz':'qux','foo':'bar'}");
    QTest::newRow("A.2 add array element")
        << QByteArray("{'foo':['bar','baz']}") << QByteArray("[{'op':'add','path':'/foo/1','value':'qux'}]")
        << QByteArray("{'foo':['bar','qux','baz']}");
    QTest::newRow("A.3 remove member") << QByteArray("{'baz':'qux','foo':'bar'}")
                                       << QByteArray("[{'op':'remove','path':'/baz'}]") << QByteArray("{'foo':'bar'}");
    QTest::newRow("A.4 remove element") << QByteArray("{'foo':['bar','qux','baz']}")
                                        << QByteArray("[{'op':'remove','path':'/foo/1'}]")
                                        << QByteArray("{'foo':['bar','baz']}");
    QTest::newRow("A.5 replace") << QByteArray("{'baz':'qux','foo':'bar'}")
                                 << QByteArray("[{'op':'replace','path':'/baz','value':'boo'}]")
                                 << QByteArray("{'baz':'boo','foo':'bar'}");
    QTest::newRow("A.6 move member") << QByteArray("{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}")
                                     << QByteArray("[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]")
                                     << QByteArray("{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}");
    QTest::newRow("A.7 move element") << QByteArray("{'foo':['all','grass','cows','eat']}")
                                      << QByteArray("[{'op':'move','from':'/foo/1','path':'/foo/3'}]")
                                      << QByteArray("{'foo':['all','cows','eat','grass']}");
    QTest::newRow("A.8 test passes")
        << QByteArray("{'baz':'qux','foo':['a',2,'c']}")
        << QByteArray("[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]")
        << QByteArray("{'baz':'qux','foo':['a',2,'c']}");
    QTest::newRow("A.10 add nested object")
        << QByteArray("{'foo':'bar'}") << QByteArray("[{'op':'add','path':'/child','value':{'grandchild':{}}}]")
        << QByteArray("{'child':{'grandchild':{}},'foo':'bar'}");
    QTest::newRow("A.11 unknown members ignored")
        << QByteArray("{'foo':'bar'}") << QByteArray("[{'op':'add','path':'/baz','value':'qux','xyz':123}]")
        << QByteArray("{'baz':'qux','foo':'bar'}");
    QTest::newRow("A.14 escapes") << QByteArray("{'/':9,'~1':10}")
                                  << QByteArray("[{'op':'test','path':'/~01','value':10}]")
                                  << QByteArray("{'/':9,'~1':10}");
    QTest::newRow("A.16 add array value")
        << QByteArray("{'foo':['bar']}") << QByteArray("[{'op':'add','path':'/foo/-','value':['abc','def']}]")
        << QByteArray("{'foo':['bar',['abc','def']]}");
    QTest::newRow("add at end index") << QByteArray("{'a':[1]}") << QByteArray("[{'op':'add','path':'/a/1','value':2}]")
                                      << QByteArray("{'a':[1,2]}");
    QTest::newRow("add replaces member") << QByteArray("{'a':1}") << QByteArray("[{'op':'add','path':'/a','value':2}]")
                                         << QByteArray("{'a':2}");
    QTest::newRow("~1 names a slash key")
        << QByteArray("{'metadata':{'annotations':{}}}")
        << QByteArray("[{'op':'add','path':'/metadata/annotations/example.com~1owner','value':'ops'}]")
        << QByteArray("{'metadata':{'annotations':{'example.com/owner':'ops'}}}");
    QTest::newRow("copy") << QByteArray("{'a':{'b':[1,2]}}") << QByteArray("[{'op':'copy','from':'/a/b','path':'/c'}]")
                          << QByteArray("{'a':{'b':[1,2]},'c':[1,2]}");
    QTest::newRow("move onto itself") << QByteArray("{'a':1}") << QByteArray("[{'op':'move','from':'/a','path':'/a'}]")
                                      << QByteArray("{'a':1}");
    QTest::newRow("test compares objects by value")
        << QByteArray("{'a':{'x':1,'y':[true,null]}}")
        << QByteArray("[{'op':'test','path':'/a','value':{'y':[true,null],'x':1.0}}]")
        << QByteArray("{'a':{'x':1,'y':[true,null]}}");
    QTest::newRow("replace whole document")
        << QByteArray("{'a':1}") << QByteArray("[{'op':'replace','path':'','value':{'b':2}}]") << QByteArray("{'b':2}");
    QTest::newRow("later operations see earlier ones")
        << QByteArray("{'spec':{'replicas':3}}")
        << QByteArray("[{'op':'replace','path':'/spec/replicas','value':4},{'op':'test','path':'/spec/"
                      "replicas','value':4},"
                      "{'op':'add','path':'/spec/paused','value':true}]")
        << QByteArray("{'spec':{'paused':true,'replicas':4}}");
    QTest::newRow("empty patch") << QByteArray("{'a':1}") << QByteArray("[]") << QByteArray("{'a':1}");
}

void PatchTest::applyJsonPatch_appliesOperationsInOrder()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, patch);
    QFETCH(QByteArray, expected);
    auto result = applyJsonPatch(object(target), json(patch).toArray());
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    QCOMPARE(show(*result), show(json(expected)));
}

void PatchTest::applyJsonPatch_kubectlRolloutUndoReplacesTemplateAndAnnotations()
{
    // kubectl rollout undo (KUBECTL-WIRE §5 row 13): the previous ReplicaSet's template without
    // pod-template-hash, and the deployment's annotations.
    const QJsonObject previousTemplate = object(R"({'metadata':{'labels':{'app':'web'}},
        'spec':{'containers':[{'name':'web','image':'nginx:1.24'}],'restartPolicy':'Always'}})");
    const QJsonObject annotations = object("{'deployment.kubernetes.io/revision':'2'}");
    const QJsonArray body{
        QJsonObject{{"op", "replace"}, {"path", "/spec/template"}, {"value", previousTemplate}},
        QJsonObject{{"op", "replace"}, {"path", "/metadata/annotations"}, {"value", annotations}},
    };
    const QByteArray wire = QJsonDocument(body).toJson(QJsonDocument::Compact);
    auto result = applyJsonPatch(tugboat::test::deployment(), wire);
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
    const QJsonObject spec = result->value(QLatin1String("spec")).toObject();
    QCOMPARE(show(spec.value(QLatin1String("template"))), show(previousTemplate));
    QCOMPARE(spec.value(QLatin1String("replicas")).toInt(), 3);
    QCOMPARE(show(result->value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations"))),
             show(annotations));
    QCOMPARE(result->value(QLatin1String("status")), tugboat::test::deployment().value(QLatin1String("status")));
}

void PatchTest::applyJsonPatch_reportsWhichOperationFailedAndWhy_data()
{
    QTest::addColumn<QByteArray>("patch");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const int invalid = int(ErrorCode::Invalid);
    const int badRequest = int(ErrorCode::BadRequest);
    QTest::newRow("replace missing member")
        << QByteArray("[{'op':'test','path':'/spec/replicas','value':3},{'op':'replace','path':'/spec/"
                      "replicaz','value':5}]")
        << invalid << "json patch: operation 2 (replace /spec/replicaz): path not found";
    QTest::newRow("test fails (kube-apiserver answers 422)")
        << QByteArray("[{'op':'test','path':'/spec/replicas','value':5}]") << invalid
        << "json patch: operation 1 (test /spec/replicas): test failed: the value is 3, not 5";
    QTest::newRow("test of a missing path")
        << QByteArray("[{'op':'test','path':'/spec/paused','value':false}]") << invalid
        << "json patch: operation 1 (test /spec/paused): test failed: path not found";
    QTest::newRow("add below a missing parent")
        << QByteArray("[{'op':'add','path':'/spec/nothing/here','value':1}]") << invalid
        << "json patch: operation 1 (add /spec/nothing/here): path not found";
    QTest::newRow("add below a scalar")
        << QByteArray("[{'op':'add','path':'/spec/replicas/x','value':1}]") << invalid
        << "json patch: operation 1 (add /spec/replicas/x): path not found: /spec/replicas "
           "is a number, not an object or array";
    QTest::newRow("remove past the end")
        << QByteArray("[{'op':'remove','path':'/spec/template/spec/containers/5'}]") << invalid
        << "json patch: operation 1 (remove /spec/template/spec/containers/5): index 5 is out of range (the "
           "array has 2 "
           "elements)";
    QTest::newRow("dash outside add")
        << QByteArray("[{'op':'replace','path':'/spec/template/spec/containers/-','value':{}}]") << invalid
        << "json patch: operation 1 (replace /spec/template/spec/containers/-): \"-\" names the "
           "position after the last element and is only valid in add";
    QTest::newRow("leading zero index")
        << QByteArray("[{'op':'remove','path':'/spec/template/spec/containers/01'}]") << invalid
        << "json patch: operation 1 (remove /spec/template/spec/containers/01): \"01\" is not an "
           "array index";
    QTest::newRow("move into own child")
        << QByteArray("[{'op':'move','from':'/spec','path':'/spec/inner'}]") << invalid
        << "json patch: operation 1 (move from /spec to /spec/inner): /spec cannot be moved "
           "into its own child";
    QTest::newRow("copy from missing") << QByteArray("[{'op':'copy','from':'/nope','path':'/x'}]") << invalid
                                       << "json patch: operation 1 (copy from /nope to /x): from: path not found";
    QTest::newRow("remove the document")
        << QByteArray("[{'op':'remove','path':''}]") << invalid
        << "json patch: operation 1 (remove \"\"): the whole document cannot be removed";
    QTest::newRow("result not an object") << QByteArray("[{'op':'replace','path':'','value':[1]}]") << invalid
                                          << "json patch: the patched document is an array, not an object";
    QTest::newRow("unknown op")
        << QByteArray("[{'op':'frobnicate','path':'/a'}]") << badRequest
        << "json patch: operation 1: \"op\" must be one of add, remove, replace, move, copy, test; "
           "got \"frobnicate\"";
    QTest::newRow("missing value") << QByteArray("[{'op':'add','path':'/a'}]") << badRequest
                                   << "json patch: operation 1 (add /a): \"value\" is required";
    QTest::newRow("missing path") << QByteArray("[{'op':'remove'}]") << badRequest
                                  << "json patch: operation 1 (remove): \"path\" must be a string";
    QTest::newRow("missing from") << QByteArray("[{'op':'move','path':'/a'}]") << badRequest
                                  << "json patch: operation 1 (move /a): \"from\" must be a string";
    QTest::newRow("pointer without slash")
        << QByteArray("[{'op':'remove','path':'spec/replicas'}]") << badRequest
        << "json patch: operation 1 (remove): invalid JSON pointer \"spec/replicas\": it "
           "must be empty or start with \"/\"";
    QTest::newRow("bad escape")
        << QByteArray("[{'op':'remove','path':'/a~2b'}]") << badRequest
        << "json patch: operation 1 (remove): invalid JSON pointer \"/a~2b\": \"~\" must be followed "
           "by 0 or 1";
    QTest::newRow("operation not an object")
        << QByteArray("[{'op':'test','path':'','value':{}},42]") << badRequest
        << "json patch: operation 2: an operation must be a JSON object, not a number";
    QTest::newRow("body not an array") << QByteArray("{'op':'add'}") << badRequest
                                       << "json patch: the patch must be a JSON array of operations";
}

void PatchTest::applyJsonPatch_reportsWhichOperationFailedAndWhy()
{
    QFETCH(QByteArray, patch);
    QFETCH(int, code);
    QFETCH(QString, message);
    QByteArray wire = patch;
    wire.replace('\'', '"');
    auto result = applyJsonPatch(tugboat::test::deployment(), wire);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().message(), message);
    QCOMPARE(int(result.error().code()), code);
}

void PatchTest::applyJsonPatch_refusesMoreThanTenThousandOperations()
{
    QJsonArray operations;
    for (int i = 0; i <= kMaxJsonPatchOperations; ++i)
        operations.append(QJsonObject{{"op", "test"}, {"path", "/kind"}, {"value", "Deployment"}});
    auto result = applyJsonPatch(tugboat::test::deployment(), operations);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), ErrorCode::RequestTooLarge);
    QCOMPARE(result.error().message(),
             QStringLiteral("json patch: the allowed maximum operations in a JSON patch is 10000, got 10001"));
    operations.removeLast();
    QVERIFY(applyJsonPatch(tugboat::test::deployment(), operations).ok());
}

void PatchTest::applyJsonPatch_leavesTheTargetUntouched()
{
    const QJsonObject target = tugboat::test::deployment();
    const QString before = show(target);
    auto changed =
        applyJsonPatch(target, json("[{'op':'remove','path':'/spec/template/spec/containers/1'},"
                                    "{'op':'replace','path':'/spec/template/spec/containers/0/image','value':'x'}]")
                                   .toArray());
    QVERIFY(changed.ok());
    auto failed = applyJsonPatch(
        target, json("[{'op':'remove','path':'/metadata/labels'},{'op':'remove','path':'/nope'}]").toArray());
    QVERIFY(!failed.ok());
    QCOMPARE(show(target), before);
    QCOMPARE(changed->value(QLatin1String("spec"))
                 .toObject()
                 .value(QLatin1String("template"))
                 .toObject()
                 .value(QLatin1String("spec"))
                 .toObject()
                 .value(QLatin1String("containers"))
                 .toArray()
                 .size(),
             1);
}

void PatchTest::parseJsonPointer_decodesEscapes_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QStringList>("tokens");
    QTest::addColumn<bool>("valid");
    QTest::newRow("whole document") << "" << QStringList() << true;
    QTest::newRow("empty key") << "/" << QStringList{""} << true;
    QTest::newRow("nested") << "/spec/template/0" << QStringList{"spec", "template", "0"} << true;
    QTest::newRow("~1 is a slash") << "/a~1b" << QStringList{"a/b"} << true;
    QTest::newRow("~0 is a tilde") << "/m~0n" << QStringList{"m~n"} << true;
    QTest::newRow("~01 is ~1, not /") << "/~01" << QStringList{"~1"} << true;
    QTest::newRow("no leading slash") << "a" << QStringList() << false;
    QTest::newRow("dangling tilde") << "/a~" << QStringList() << false;
    QTest::newRow("unknown escape") << "/~2" << QStringList() << false;
}

void PatchTest::parseJsonPointer_decodesEscapes()
{
    QFETCH(QString, pointer);
    QFETCH(QStringList, tokens);
    QFETCH(bool, valid);
    auto parsed = parseJsonPointer(pointer);
    QCOMPARE(parsed.ok(), valid);
    if (valid) {
        QCOMPARE(*parsed, tokens);
        QCOMPARE(jsonPointer(*parsed), pointer);
    } else {
        QCOMPARE(parsed.error().code(), ErrorCode::BadRequest);
    }
}

void PatchTest::jsonPointer_escapesTokens()
{
    QCOMPARE(jsonPointer({"metadata", "annotations", "kubectl.kubernetes.io/restartedAt"}),
             QStringLiteral("/metadata/annotations/kubectl.kubernetes.io~1restartedAt"));
    QCOMPARE(jsonPointer({"a~/b"}), QStringLiteral("/a~0~1b"));
    QCOMPARE(jsonPointer({}), QString());
}

void PatchTest::withoutNullMembers_dropsNullsAtEveryDepth()
{
    QCOMPARE(show(withoutNullMembers(json("{'a':null,'b':{'c':null,'d':1},'e':[{'f':null},null,2]}"))),
             show(json("{'b':{'d':1},'e':[{},null,2]}")));
}

QTEST_APPLESS_MAIN(PatchTest)
#include "tst_patch.moc"
