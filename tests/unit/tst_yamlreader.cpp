// YamlReader: YAML and JSON text -> JSON, typed as Kubernetes types unstructured manifests (go-yaml v2),
// with positions in every error and limits against hostile input.
#include "api/yamlreader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStringDecoder>
#include <QTest>

#include <limits>

using namespace tugboat::api;

namespace {

const QString source = QStringLiteral("t.yaml");

// One value as compact JSON text, so that rows can state exactly what they expect.
QByteArray compact(const QJsonValue &v)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QByteArray readCompact(const QByteArray &yaml)
{
    const Result<QJsonValue> r = YamlReader::read(yaml, source);
    return r ? compact(*r) : "error: " + r.error().message().toUtf8();
}

QString errorOf(const QByteArray &yaml, const YamlLimits &limits = {})
{
    const Result<QList<YamlDocument>> r = YamlReader::readAll(yaml, source, limits);
    return r ? QStringLiteral("<no error>") : r.error().message();
}

QByteArray fixture(const char *name)
{
    const QString path = QFINDTESTDATA(QStringLiteral("data/manifests/") + QLatin1String(name));
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly))
        qFatal("test data %s not found", name);
    return f.readAll();
}

} // namespace

class TestYamlReader : public QObject {
    Q_OBJECT

private slots:
    void plainScalarsAreTypedAsKubernetesTypesThem_data();
    void plainScalarsAreTypedAsKubernetesTypesThem();
    void integersStayExactInInt64();
    void integersBeyondInt64BecomeDoubles();
    void infinityAndNanAreRefusedWithTheirPosition_data();
    void infinityAndNanAreRefusedWithTheirPosition();
    void quotedAndBlockScalarsAreAlwaysStrings_data();
    void quotedAndBlockScalarsAreAlwaysStrings();
    void explicitTagsAreHonoured_data();
    void explicitTagsAreHonoured();
    void plainScalarTypeAnswersForTheWriter_data();
    void plainScalarTypeAnswersForTheWriter();
    void scalarKeysBecomeStrings_data();
    void scalarKeysBecomeStrings();
    void unsupportedKeysAreRefused_data();
    void unsupportedKeysAreRefused();
    void duplicateKeysKeepTheLastValue();
    void multiDocumentStreamsYieldEveryDocumentWithItsPosition();
    void commentsAreIgnored();
    void anchorsAndAliasesAreExpanded();
    void mergeKeysFollowGoYamlV2_data();
    void mergeKeysFollowGoYamlV2();
    void blockScalarsHonourChompingAndIndentation_data();
    void blockScalarsHonourChompingAndIndentation();
    void fieldPositionsPointAtTheFirstTwoLevels();
    void jsonInputIsReadAsJson_data();
    void jsonInputIsReadAsJson();
    void jsonThatIsNotStrictFallsBackToYaml();
    void jsonErrorsCarryLineAndColumn();
    void syntaxErrorsNameSourceLineAndColumn_data();
    void syntaxErrorsNameSourceLineAndColumn();
    void columnsCountCharactersNotBytes();
    void byteOrderMarksAndUtf16AreAccepted();
    void readRefusesASecondDocument();
    void emptyInputHasNoDocuments();

    // Hostile input.
    void deepNestingIsRefusedBeforeTheParserRecurses_data();
    void deepNestingIsRefusedBeforeTheParserRecurses();
    void nestingUpToTheLimitIsAccepted();
    void aliasesCannotExceedTheDepthLimit();
    void billionLaughsIsRefused();
    void quadraticAliasExpansionIsRefused();
    void selfReferencingAliasIsRefused();
    void hugeDocumentsAreRefused();
    void hugeStreamsAreRefused();
    void tooManyDocumentsAreRefused();
    void binaryGarbageIsRefused();
    void invalidUtf8IsRefusedWithItsPosition_data();
    void invalidUtf8IsRefusedWithItsPosition();
    void controlCharactersAreRefused_data();
    void controlCharactersAreRefused();
    void limitsAreConfigurable();
    void mutatedManifestsNeverCrashOrHang();
};

void TestYamlReader::plainScalarsAreTypedAsKubernetesTypesThem_data()
{
    QTest::addColumn<QByteArray>("scalar");
    QTest::addColumn<QByteArray>("json");
    // Booleans: YAML 1.1, as go-yaml v2 decodes untyped values.
    for (const char *t : {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
        QTest::addRow("bool %s", t) << QByteArray(t) << QByteArray("true");
    for (const char *f : {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
        QTest::addRow("bool %s", f) << QByteArray(f) << QByteArray("false");
    for (const char *s : {"yES", "tRUE", "oN", "nO", "ye", "t", "f"})
        QTest::addRow("other spelling %s", s) << QByteArray(s) << '"' + QByteArray(s) + '"';
    // Null.
    for (const char *n : {"~", "null", "Null", "NULL", ""})
        QTest::addRow("null '%s'", n) << QByteArray(n) << QByteArray("null");
    QTest::newRow("nULL is a string") << QByteArray("nULL") << QByteArray("\"nULL\"");
    // Integers: every base strconv.ParseInt(s, 0, 64) knows, with '_' separators removed.
    QTest::newRow("decimal") << QByteArray("8080") << QByteArray("8080");
    QTest::newRow("negative") << QByteArray("-42") << QByteArray("-42");
    QTest::newRow("plus sign") << QByteArray("+5") << QByteArray("5");
    QTest::newRow("hex") << QByteArray("0x1F") << QByteArray("31");
    QTest::newRow("hex upper prefix") << QByteArray("0X1f") << QByteArray("31");
    QTest::newRow("octal 0o") << QByteArray("0o17") << QByteArray("15");
    QTest::newRow("octal leading zero") << QByteArray("017") << QByteArray("15");
    QTest::newRow("binary") << QByteArray("0b101") << QByteArray("5");
    QTest::newRow("negative binary") << QByteArray("-0b101") << QByteArray("-5");
    QTest::newRow("underscores") << QByteArray("1_000_000") << QByteArray("1000000");
    QTest::newRow("leading underscore is a string") << QByteArray("_1") << QByteArray("\"_1\"");
    QTest::newRow("zero") << QByteArray("0") << QByteArray("0");
    QTest::newRow("minus zero") << QByteArray("-0") << QByteArray("0");
    QTest::newRow("08 is a float") << QByteArray("08") << QByteArray("8");
    QTest::newRow("0x alone is a string") << QByteArray("0x") << QByteArray("\"0x\"");
    QTest::newRow("bad octal digit") << QByteArray("0o8") << QByteArray("\"0o8\"");
    QTest::newRow("double sign") << QByteArray("--5") << QByteArray("\"--5\"");
    // Floats: resolve.go's regex, then strconv.ParseFloat.
    QTest::newRow("float") << QByteArray("1.5") << QByteArray("1.5");
    QTest::newRow("leading dot") << QByteArray(".5") << QByteArray("0.5");
    QTest::newRow("negative leading dot") << QByteArray("-.5") << QByteArray("-0.5");
    QTest::newRow("trailing dot") << QByteArray("1.") << QByteArray("1");
    QTest::newRow("exponent") << QByteArray("1e3") << QByteArray("1000");
    QTest::newRow("exponent with sign") << QByteArray("6.02e+23") << QByteArray("6.02e+23");
    QTest::newRow("tiny") << QByteArray("1e-7") << QByteArray("1e-07");
    QTest::newRow("underflow is zero") << QByteArray("1e-400") << QByteArray("0");
    QTest::newRow("overflow stays a string") << QByteArray("1e400") << QByteArray("\"1e400\"");
    QTest::newRow("underscore in float") << QByteArray("1_000.5") << QByteArray("1000.5");
    QTest::newRow("lone dot") << QByteArray(".") << QByteArray("\".\"");
    QTest::newRow("exponent without digits") << QByteArray("1e") << QByteArray("\"1e\"");
    QTest::newRow("version number") << QByteArray("1.2.3") << QByteArray("\"1.2.3\"");
    QTest::newRow("ip address") << QByteArray("10.0.0.1") << QByteArray("\"10.0.0.1\"");
    QTest::newRow("quantity") << QByteArray("100m") << QByteArray("\"100m\"");
    QTest::newRow("percentage") << QByteArray("25%") << QByteArray("\"25%\"");
    QTest::newRow("infinity word") << QByteArray("infinity") << QByteArray("\"infinity\"");
    QTest::newRow("odd infinity case") << QByteArray(".iNf") << QByteArray("\".iNf\"");
    // Timestamps and sexagesimal numbers stay strings.
    QTest::newRow("date") << QByteArray("2001-12-14") << QByteArray("\"2001-12-14\"");
    QTest::newRow("timestamp") << QByteArray("2001-12-14T21:59:43.10-05:00")
                               << QByteArray("\"2001-12-14T21:59:43.10-05:00\"");
    QTest::newRow("base 60") << QByteArray("1:20") << QByteArray("\"1:20\"");
    QTest::newRow("time of day") << QByteArray("12:30:45") << QByteArray("\"12:30:45\"");
    // Strings.
    QTest::newRow("word") << QByteArray("nginx") << QByteArray("\"nginx\"");
    QTest::newRow("image") << QByteArray("nginx:1.25") << QByteArray("\"nginx:1.25\"");
    QTest::newRow("spaces") << QByteArray("hello  world") << QByteArray("\"hello  world\"");
    QTest::newRow("merge token as a value") << QByteArray("<<") << QByteArray("\"<<\"");
    QTest::newRow("unicode") << QByteArray("caf\xC3\xA9") << QByteArray("\"caf\xC3\xA9\"");
}

void TestYamlReader::plainScalarsAreTypedAsKubernetesTypesThem()
{
    QFETCH(QByteArray, scalar);
    QFETCH(QByteArray, json);
    QCOMPARE(readCompact("v: " + scalar + "\n"), "{\"v\":" + json + "}");
    QCOMPARE(readCompact("- " + scalar + "\n"), "[" + json + "]");
}

void TestYamlReader::integersStayExactInInt64()
{
    const Result<QJsonValue> r = YamlReader::read("max: 9223372036854775807\nmin: -9223372036854775808\n"
                                                  "odd: 9007199254740993\n",
                                                  source);
    QVERIFY(r);
    QCOMPARE(r->toObject().value(QLatin1String("max")).toInteger(), std::numeric_limits<qint64>::max());
    QCOMPARE(r->toObject().value(QLatin1String("min")).toInteger(), std::numeric_limits<qint64>::min());
    QCOMPARE(r->toObject().value(QLatin1String("odd")).toInteger(), Q_INT64_C(9007199254740993));
}

void TestYamlReader::integersBeyondInt64BecomeDoubles()
{
    const Result<QJsonValue> r = YamlReader::read("a: 9223372036854775808\nb: 18446744073709551615\n"
                                                  "c: 18446744073709551616\nd: -9223372036854775809\n",
                                                  source);
    QVERIFY(r);
    const QJsonObject o = r->toObject();
    QCOMPARE(o.value(QLatin1String("a")).toDouble(), 9223372036854775808.0);
    QCOMPARE(o.value(QLatin1String("b")).toDouble(), 18446744073709551615.0);
    QCOMPARE(o.value(QLatin1String("c")).toDouble(), 18446744073709551616.0);
    QCOMPARE(o.value(QLatin1String("d")).toDouble(), -9223372036854775809.0);
}

void TestYamlReader::infinityAndNanAreRefusedWithTheirPosition_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow(".inf") << QByteArray("a: 1\nb: .inf\n")
                          << "t.yaml:2:4: .inf cannot be represented in JSON; quote it to keep it as a string";
    QTest::newRow("-.Inf") << QByteArray("- -.Inf\n")
                           << "t.yaml:1:3: -.Inf cannot be represented in JSON; quote it to keep it as a string";
    QTest::newRow(".NaN in flow") << QByteArray("{a: [1, .NaN]}")
                                  << "t.yaml:1:9: .NaN cannot be represented in JSON; quote it to keep it as a string";
    QTest::newRow("!!float .nan") << QByteArray("a: !!float .nan")
                                  << "t.yaml:1:4: .nan cannot be represented in JSON; quote it to keep it as a string";
}

void TestYamlReader::infinityAndNanAreRefusedWithTheirPosition()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QCOMPARE(errorOf(yaml), error);
}

void TestYamlReader::quotedAndBlockScalarsAreAlwaysStrings_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("double-quoted number") << QByteArray("v: \"8080\"") << QByteArray("{\"v\":\"8080\"}");
    QTest::newRow("single-quoted bool") << QByteArray("v: 'yes'") << QByteArray("{\"v\":\"yes\"}");
    QTest::newRow("quoted null") << QByteArray("v: \"null\"") << QByteArray("{\"v\":\"null\"}");
    QTest::newRow("quoted empty") << QByteArray("v: ''") << QByteArray("{\"v\":\"\"}");
    QTest::newRow("quoted infinity") << QByteArray("v: '.inf'") << QByteArray("{\"v\":\".inf\"}");
    QTest::newRow("quoted merge key") << QByteArray("\"<<\": {a: 1}") << QByteArray("{\"<<\":{\"a\":1}}");
    QTest::newRow("block number") << QByteArray("v: |\n  42\n") << QByteArray("{\"v\":\"42\\n\"}");
    QTest::newRow("escapes") << QByteArray("v: \"tab\\there\\u00e9\\x41\\n\"")
                             << QByteArray("{\"v\":\"tab\\there\xC3\xA9"
                                           "A\\n\"}");
    QTest::newRow("single quote escape") << QByteArray("v: 'it''s'") << QByteArray("{\"v\":\"it's\"}");
    QTest::newRow("folded double-quoted") << QByteArray("v: \"multi\n  line\"") << QByteArray("{\"v\":\"multi line\"}");
    QTest::newRow("plain multi-line") << QByteArray("v: multi\n  line plain")
                                      << QByteArray("{\"v\":\"multi line plain\"}");
    QTest::newRow("byte order mark in a value")
        << QByteArray("v: \"\\uFEFFx\"") << QByteArray("{\"v\":\"\xEF\xBB\xBFx\"}");
}

void TestYamlReader::quotedAndBlockScalarsAreAlwaysStrings()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QByteArray, json);
    QCOMPARE(readCompact(yaml), json);
}

void TestYamlReader::explicitTagsAreHonoured_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("!!str number") << QByteArray("v: !!str 123") << QByteArray("{\"v\":\"123\"}");
    QTest::newRow("!!str bool") << QByteArray("v: !!str true") << QByteArray("{\"v\":\"true\"}");
    QTest::newRow("!!int quoted") << QByteArray("v: !!int \"12\"") << QByteArray("{\"v\":12}");
    QTest::newRow("!!float from int") << QByteArray("v: !!float 3") << QByteArray("{\"v\":3}");
    QTest::newRow("!!bool yes") << QByteArray("v: !!bool yes") << QByteArray("{\"v\":true}");
    QTest::newRow("!!null empty") << QByteArray("v: !!null ''") << QByteArray("{\"v\":null}");
    QTest::newRow("!!binary") << QByteArray("v: !!binary aGVsbG8=") << QByteArray("{\"v\":\"hello\"}");
    QTest::newRow("!!binary block") << QByteArray("v: !!binary |\n  aGVs\n  bG8=\n") << QByteArray("{\"v\":\"hello\"}");
    QTest::newRow("!!timestamp") << QByteArray("v: !!timestamp 2001-12-14") << QByteArray("{\"v\":\"2001-12-14\"}");
    QTest::newRow("application tag") << QByteArray("v: !vault secret/db") << QByteArray("{\"v\":\"secret/db\"}");
    QTest::newRow("non-specific tag") << QByteArray("v: ! 12") << QByteArray("{\"v\":\"12\"}");
    QTest::newRow("!!map") << QByteArray("v: !!map {a: 1}") << QByteArray("{\"v\":{\"a\":1}}");
    QTest::newRow("!!int mismatch") << QByteArray("v: !!int abc")
                                    << QByteArray("error: t.yaml:1:4: cannot decode !!str `abc` as a !!int");
    QTest::newRow("!!bool mismatch") << QByteArray("v: !!bool 1")
                                     << QByteArray("error: t.yaml:1:4: cannot decode !!int `1` as a !!bool");
    QTest::newRow("!!null mismatch") << QByteArray("v: !!null x")
                                     << QByteArray("error: t.yaml:1:4: cannot decode !!str `x` as a !!null");
    QTest::newRow("!!binary not base64") << QByteArray("v: !!binary a*b")
                                         << QByteArray("error: t.yaml:1:4: !!binary value is not valid base64");
}

void TestYamlReader::explicitTagsAreHonoured()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QByteArray, json);
    QCOMPARE(readCompact(yaml), json);
}

void TestYamlReader::plainScalarTypeAnswersForTheWriter_data()
{
    using T = YamlReader::ScalarType;
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<T>("type");
    QTest::newRow("empty") << QByteArray() << T::Null;
    QTest::newRow("tilde") << QByteArray("~") << T::Null;
    QTest::newRow("y") << QByteArray("y") << T::Bool;
    QTest::newRow("int") << QByteArray("0x10") << T::Int;
    QTest::newRow("float") << QByteArray("1e3") << T::Float;
    QTest::newRow("inf") << QByteArray(".inf") << T::Float;
    QTest::newRow("date") << QByteArray("2024-02-29") << T::Timestamp;
    QTest::newRow("not a leap day") << QByteArray("2023-02-29") << T::String;
    QTest::newRow("timestamp with zone") << QByteArray("2024-01-01T00:00:00Z") << T::Timestamp;
    QTest::newRow("lower-case t") << QByteArray("2024-1-2t3:4:5.123456789+01:00") << T::Timestamp;
    QTest::newRow("space separated") << QByteArray("2024-01-01  10:00:00.5") << T::Timestamp;
    QTest::newRow("hour 24") << QByteArray("2024-01-01T24:00:00Z") << T::String;
    QTest::newRow("zone without colon") << QByteArray("2024-01-01T10:00:00+0100") << T::String;
    QTest::newRow("five-digit year") << QByteArray("12024-01-01") << T::String;
    QTest::newRow("word") << QByteArray("web") << T::String;
}

void TestYamlReader::plainScalarTypeAnswersForTheWriter()
{
    QFETCH(QByteArray, text);
    QFETCH(YamlReader::ScalarType, type);
    QCOMPARE(YamlReader::plainScalarType(text), type);
}

void TestYamlReader::scalarKeysBecomeStrings_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("expected");
    QTest::newRow("int") << QByteArray("1") << "1";
    QTest::newRow("hex int") << QByteArray("0x10") << "16";
    QTest::newRow("bool yes") << QByteArray("yes") << "true";
    QTest::newRow("bool n") << QByteArray("n") << "false";
    QTest::newRow("float") << QByteArray("1.5") << "1.5";
    QTest::newRow("float exponent") << QByteArray("1e3") << "1000";
    QTest::newRow("float32 precision") << QByteArray("3.14159265358979") << "3.1415927";
    QTest::newRow("large float") << QByteArray("1234567.5") << "1.2345675e+06";
    QTest::newRow("small float") << QByteArray("0.000001") << "1e-06";
    QTest::newRow("negative zero") << QByteArray("-0.0") << "-0";
    QTest::newRow("infinity") << QByteArray(".inf") << ".inf";
    QTest::newRow("minus infinity") << QByteArray("-.Inf") << "-.inf";
    QTest::newRow("nan") << QByteArray(".nan") << ".nan";
    QTest::newRow("date") << QByteArray("2001-12-14") << "2001-12-14";
    QTest::newRow("quoted") << QByteArray("\"8080\"") << "8080";
    QTest::newRow("label key") << QByteArray("app.kubernetes.io/name") << "app.kubernetes.io/name";
}

void TestYamlReader::scalarKeysBecomeStrings()
{
    QFETCH(QByteArray, key);
    QFETCH(QString, expected);
    const Result<QJsonValue> r = YamlReader::read(key + ": x\n", source);
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message()));
    QCOMPARE(r->toObject().keys(), QStringList{expected});
}

void TestYamlReader::unsupportedKeysAreRefused_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("null key") << QByteArray("a: 1\n~: 2\n") << "t.yaml:2:1: null is not allowed as a mapping key";
    QTest::newRow("empty key") << QByteArray(": x\n") << "t.yaml:1:1: null is not allowed as a mapping key";
    QTest::newRow("sequence key") << QByteArray("? [a, b]\n: x\n")
                                  << "t.yaml:1:3: a sequence cannot be a mapping key; keys must be strings, "
                                     "numbers or booleans";
    QTest::newRow("mapping key") << QByteArray("{a: 1}: x\n")
                                 << "t.yaml:1:1: a mapping cannot be a mapping key; keys must be strings, numbers "
                                    "or booleans";
    QTest::newRow("aliased mapping key") << QByteArray("a: &m {b: 1}\n? *m\n: x\n")
                                         << "t.yaml:2:3: a mapping cannot be a mapping key; keys must be strings, "
                                            "numbers or booleans";
    QTest::newRow("uint64 key") << QByteArray("9223372036854775808: x\n")
                                << "t.yaml:1:1: unsupported map key 9223372036854775808: integer keys must fit in "
                                   "64-bit signed integers";
}

void TestYamlReader::unsupportedKeysAreRefused()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QCOMPARE(errorOf(yaml), error);
}

void TestYamlReader::duplicateKeysKeepTheLastValue()
{
    QCOMPARE(readCompact("a: 1\nb: 2\na: 3\n"), QByteArray("{\"a\":3,\"b\":2}"));
    QCOMPARE(readCompact("{a: 1, a: {b: 2}}"), QByteArray("{\"a\":{\"b\":2}}"));
    // Keys that only look different still collide once typed: yes and true are both "true".
    QCOMPARE(readCompact("yes: 1\ntrue: 2\n"), QByteArray("{\"true\":2}"));
}

void TestYamlReader::multiDocumentStreamsYieldEveryDocumentWithItsPosition()
{
    const Result<QList<YamlDocument>> docs = YamlReader::readAll(fixture("deployment-service.yaml"), source);
    QVERIFY(docs);
    QCOMPARE(docs->size(), 2);
    QCOMPARE(docs->at(0).index, 0);
    QCOMPARE(docs->at(0).position, (YamlPosition{3, 1}));
    QCOMPARE(docs->at(0).value.toObject().value(QLatin1String("kind")).toString(), QStringLiteral("Deployment"));
    QCOMPARE(docs->at(1).index, 1);
    QCOMPARE(docs->at(1).position, (YamlPosition{57, 1}));
    QCOMPARE(docs->at(1).value.toObject().value(QLatin1String("kind")).toString(), QStringLiteral("Service"));

    const Result<QList<YamlDocument>> sparse = YamlReader::readAll(fixture("empty-documents.yaml"), source);
    QVERIFY(sparse);
    QCOMPARE(sparse->size(), 4);
    QVERIFY(sparse->at(0).value.isNull());
    QVERIFY(sparse->at(1).value.isNull());
    QCOMPARE(sparse->at(2).index, 2);
    QCOMPARE(sparse->at(2).position, (YamlPosition{6, 1}));
    QCOMPARE(compact(sparse->at(2).value),
             QByteArray("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"staging\"}}"));
    QVERIFY(sparse->at(3).value.isNull());

    const Result<QList<YamlDocument>> ended = YamlReader::readAll("a: 1\n...\n---\nb: 2\n...\n", source);
    QVERIFY(ended);
    QCOMPARE(ended->size(), 2);
    QCOMPARE(ended->at(1).position, (YamlPosition{4, 1}));
}

void TestYamlReader::commentsAreIgnored()
{
    QCOMPARE(readCompact("# head\na: 1 # trailing\n# middle\nb:\n  # inner\n  - x # item\nc: \"#not\"\nd: x#y\n"),
             QByteArray("{\"a\":1,\"b\":[\"x\"],\"c\":\"#not\",\"d\":\"x#y\"}"));
}

void TestYamlReader::anchorsAndAliasesAreExpanded()
{
    QCOMPARE(readCompact("a: &x [1, {b: c}]\nd: *x\ne: &s word\nf: *s\ng: &n\nh: *n\n"),
             QByteArray("{\"a\":[1,{\"b\":\"c\"}],\"d\":[1,{\"b\":\"c\"}],\"e\":\"word\",\"f\":\"word\","
                        "\"g\":null,\"h\":null}"));
    // An aliased scalar keeps its type, and may serve as a key.
    QCOMPARE(readCompact("a: &k 8080\nb: *k\n*k : port\n"), QByteArray("{\"8080\":\"port\",\"a\":8080,\"b\":8080}"));
    // A redefined anchor: later aliases see the latest definition.
    QCOMPARE(readCompact("- &a 1\n- *a\n- &a 2\n- *a\n"), QByteArray("[1,1,2,2]"));
    QCOMPARE(errorOf("a: *missing\n"), QStringLiteral("t.yaml:1:4: unknown anchor 'missing' referenced"));
    // Anchors do not reach across documents (kubectl splits documents before parsing them).
    QCOMPARE(errorOf("a: &x 1\n---\nb: *x\n"), QStringLiteral("t.yaml:3:4: unknown anchor 'x' referenced"));
}

void TestYamlReader::mergeKeysFollowGoYamlV2_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QByteArray>("json");
    const QByteArray base = "b: &b {x: 1, z: 2}\no: &o {z: 3, w: 4}\nm:\n";
    QTest::newRow("merge then override") << base + "  <<: *b\n  z: 9\n" << QByteArray("{\"x\":1,\"z\":9}");
    QTest::newRow("merge after a key overrides it") << base + "  z: 9\n  <<: *b\n" << QByteArray("{\"x\":1,\"z\":2}");
    QTest::newRow("earlier sources win") << base + "  <<: [*b, *o]\n" << QByteArray("{\"w\":4,\"x\":1,\"z\":2}");
    QTest::newRow("order of sources") << base + "  <<: [*o, *b]\n" << QByteArray("{\"w\":4,\"x\":1,\"z\":3}");
    QTest::newRow("inline source") << base + "  <<: {q: 1}\n" << QByteArray("{\"q\":1}");
    QTest::newRow("quoted key is not a merge") << base + "  \"<<\": *b\n" << QByteArray("{\"<<\":{\"x\":1,\"z\":2}}");
    QTest::newRow("merge of a scalar") << base + "  <<: 5\n"
                                       << QByteArray("error: t.yaml:4:7: map merge requires map or sequence of maps "
                                                     "as the value");
    QTest::newRow("merge of a list of scalars") << base + "  <<: [*b, 1]\n"
                                                << QByteArray("error: t.yaml:4:7: map merge requires map or sequence "
                                                              "of maps as the value");
}

void TestYamlReader::mergeKeysFollowGoYamlV2()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QByteArray, json);
    const QByteArray all = readCompact(yaml);
    if (json.startsWith("error: ")) {
        QCOMPARE(all, json);
        return;
    }
    const Result<QJsonValue> r = YamlReader::read(yaml, source);
    QVERIFY(r);
    QCOMPARE(compact(r->toObject().value(QLatin1String("m"))), json);
}

void TestYamlReader::blockScalarsHonourChompingAndIndentation_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("value");
    QTest::newRow("literal clip") << QByteArray("v: |\n  a\n  b\n\n\nw: 1\n") << "a\nb\n";
    QTest::newRow("literal strip") << QByteArray("v: |-\n  a\n  b\n\nw: 1\n") << "a\nb";
    QTest::newRow("literal keep") << QByteArray("v: |+\n  a\n\n\nw: 1\n") << "a\n\n\n";
    QTest::newRow("literal keeps inner blank lines") << QByteArray("v: |\n  a\n\n  b\n") << "a\n\nb\n";
    QTest::newRow("literal more-indented") << QByteArray("v: |\n  a\n    b\n  c\n") << "a\n  b\nc\n";
    QTest::newRow("indentation indicator") << QByteArray("v: |2\n    lead\n  x\n") << "  lead\nx\n";
    QTest::newRow("indicator then chomping") << QByteArray("v: |2-\n   lead\n") << " lead";
    QTest::newRow("chomping then indicator") << QByteArray("v: |-2\n   lead\n") << " lead";
    QTest::newRow("folded clip") << QByteArray("v: >\n  a\n  b\n\n  c\n") << "a b\nc\n";
    QTest::newRow("folded strip") << QByteArray("v: >-\n  a\n  b\n") << "a b";
    QTest::newRow("folded more-indented line") << QByteArray("v: >\n  a\n    b\n  c\n") << "a\n  b\nc\n";
    // yaml-cpp 0.7 loses a line break here; the reader recounts it from the source.
    QTest::newRow("folded keep") << QByteArray("v: >+\n  a\n  b\n\n\nw: 1\n") << "a b\n\n\n";
    QTest::newRow("folded keep at end of input") << QByteArray("v: >+\n  k\n\n") << "k\n\n";
    QTest::newRow("folded keep, no content") << QByteArray("m:\n  v: >+\n\n  w: 1\n") << "\n";
    QTest::newRow("folded, whitespace line at end") << QByteArray("v: >\n  a\n\n  b\n  ") << "a\nb\n";
    QTest::newRow("folded in a sequence") << QByteArray("- >+\n  a\n\n- b\n") << "a\n\n";
    QTest::newRow("empty literal") << QByteArray("v: |\nw: 1\n") << "";
    QTest::newRow("crlf line ends") << QByteArray("v: |\r\n  a\r\n  b\r\nw: 1\r\n") << "a\nb\n";
}

void TestYamlReader::blockScalarsHonourChompingAndIndentation()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, value);
    const Result<QJsonValue> r = YamlReader::read(yaml, source);
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message()));
    const QJsonObject root = r->toObject();
    const QJsonValue v = r->isArray() ? r->toArray().at(0)
                         : root.contains(QLatin1String("m"))
                             ? root.value(QLatin1String("m")).toObject().value(QLatin1String("v"))
                             : root.value(QLatin1String("v"));
    QCOMPARE(v.toString(), value);
}

void TestYamlReader::fieldPositionsPointAtTheFirstTwoLevels()
{
    const Result<QList<YamlDocument>> docs = YamlReader::readAll(fixture("list.yaml"), source);
    QVERIFY(docs);
    const YamlDocument &d = docs->constFirst();
    QCOMPARE(d.position, (YamlPosition{1, 1}));
    QCOMPARE(d.positionOf(QStringLiteral("kind")), (YamlPosition{2, 7}));
    QCOMPARE(d.positionOf(QStringLiteral("metadata.resourceVersion")), (YamlPosition{4, 20}));
    QCOMPARE(d.positionOf(QStringLiteral("items[0]")), (YamlPosition{6, 3}));
    QCOMPARE(d.positionOf(QStringLiteral("items[2]")), (YamlPosition{20, 3}));
    // Deeper paths fall back to their nearest recorded ancestor.
    QCOMPARE(d.positionOf(QStringLiteral("items[1].metadata.name")), (YamlPosition{13, 3}));
    QCOMPARE(d.positionOf(QStringLiteral("nothing.here")), d.position);
}

void TestYamlReader::jsonInputIsReadAsJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QList<QByteArray>>("documents");
    QTest::addColumn<QList<int>>("lines");
    QTest::newRow("object") << QByteArray("  {\"a\": \"8080\", \"b\": 8080, \"c\": true}\n")
                            << QList<QByteArray>{"{\"a\":\"8080\",\"b\":8080,\"c\":true}"} << QList<int>{1};
    QTest::newRow("array") << QByteArray("[1, \"yes\", null]") << QList<QByteArray>{"[1,\"yes\",null]"}
                           << QList<int>{1};
    QTest::newRow("concatenated values") << QByteArray("{\"a\": 1}\n\n{\"b\": 2}{\"c\": 3}\n")
                                         << QList<QByteArray>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}
                                         << QList<int>{1, 3, 3};
    QTest::newRow("big integers") << QByteArray("{\"a\": 9223372036854775807}")
                                  << QList<QByteArray>{"{\"a\":9223372036854775807}"} << QList<int>{1};
    QTest::newRow("escaped byte order mark")
        << QByteArray("{\"a\": \"\\ufeffx\"}") << QList<QByteArray>{"{\"a\":\"\xEF\xBB\xBFx\"}"} << QList<int>{1};
    QTest::newRow("raw byte order mark in a string")
        << QByteArray("{\"a\": \"\xEF\xBB\xBFx\"}") << QList<QByteArray>{"{\"a\":\"\xEF\xBB\xBFx\"}"} << QList<int>{1};
    QTest::newRow("fixture")
        << fixture("deployment.json")
        << QList<QByteArray>{QJsonDocument::fromJson(fixture("deployment.json")).toJson(QJsonDocument::Compact)}
        << QList<int>{1};
}

void TestYamlReader::jsonInputIsReadAsJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QList<QByteArray>, documents);
    QFETCH(QList<int>, lines);
    const Result<QList<YamlDocument>> r = YamlReader::readAll(json, source);
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message()));
    QCOMPARE(r->size(), documents.size());
    for (qsizetype i = 0; i < r->size(); ++i) {
        QCOMPARE(compact(r->at(i).value), documents[i]);
        QCOMPARE(r->at(i).position.line, lines[i]);
        QCOMPARE(r->at(i).index, int(i));
    }
}

void TestYamlReader::jsonThatIsNotStrictFallsBackToYaml()
{
    QCOMPARE(readCompact("{\"a\": 1, \"b\": [1, 2,],}"), QByteArray("{\"a\":1,\"b\":[1,2]}"));
    QCOMPARE(readCompact("{'a': yes, b: 0x10}"), QByteArray("{\"a\":true,\"b\":16}"));
    QCOMPARE(readCompact("[1e400]"), QByteArray("[\"1e400\"]"));
}

void TestYamlReader::jsonErrorsCarryLineAndColumn()
{
    QCOMPARE(errorOf("{\n  \"a\": 1,\n  \"b\": [1, 2\n}\n"), QStringLiteral("t.yaml:4:1: found unexpected '}'"));
    QCOMPARE(errorOf("{\"a\": {\"b\": 1}\n"), QStringLiteral("t.yaml:2:1: did not find expected ',' or '}'"));
    QCOMPARE(errorOf("{\"a\": \"unterminated}\n"),
             QStringLiteral("t.yaml:1:7: found unexpected end of stream while scanning a quoted scalar"));
}

void TestYamlReader::syntaxErrorsNameSourceLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("mapping value in plain scalar")
        << fixture("syntax-error.yaml") << "t.yaml:6:13: mapping values are not allowed in this context";
    QTest::newRow("bad dedent") << QByteArray("a:\n  b: 1\n c: 2\n") << "t.yaml:3:2: did not find expected key";
    QTest::newRow("sequence then key") << QByteArray("a:\n  - b\n  c: d\n") << "t.yaml:3:3: did not find expected key";
    QTest::newRow("unclosed flow sequence")
        << QByteArray("a: [1, 2\nb: 3\n") << "t.yaml:2:2: did not find expected ',' or ']'";
    QTest::newRow("unclosed flow at end") << QByteArray("a: [1, 2") << "t.yaml:1:9: did not find expected ',' or ']'";
    QTest::newRow("stray closing bracket") << QByteArray("[1, 2]]") << "t.yaml:1:7: found unexpected ']'";
    QTest::newRow("reserved character") << QByteArray("a: @home")
                                        << "t.yaml:1:4: found character that cannot start any token";
    QTest::newRow("unknown escape") << QByteArray("a: \"bad \\q\"") << "t.yaml:1:9: found unknown escape character";
    QTest::newRow("document marker in a quoted scalar")
        << QByteArray("a: \"x\n---\n\"") << "t.yaml:2:1: found unexpected document indicator";
    // yaml-cpp accepts these; libyaml (kubectl) refuses them, and so does the reader.
    QTest::newRow("unterminated single quote") << QByteArray("a: 'open\n")
                                               << "t.yaml:1:4: found unexpected end of stream while scanning a "
                                                  "quoted scalar";
    QTest::newRow("unterminated double quote") << QByteArray("a: 1\nb: !!str \"open")
                                               << "t.yaml:2:15: found unexpected end of stream while scanning a "
                                                  "quoted scalar";
    QTest::newRow("key without colon at the end") << QByteArray("a: 1\nb") << "t.yaml:2:1: could not find expected ':'";
    QTest::newRow("second root without separator")
        << QByteArray("- a\nb: c\n")
        << "t.yaml:2:1: did not find expected <document start>: separate documents with ---";
    QTest::newRow("tab indentation") << fixture("tabs.yaml")
                                     << "t.yaml:4:1: found a tab character where indentation is expected; indent with "
                                        "spaces";
    QTest::newRow("tab before a nested key") << QByteArray("a:\n  b: 1\n\tc: 2\n")
                                             << "t.yaml:3:1: found a tab character where indentation is expected; "
                                                "indent with spaces";
}

void TestYamlReader::syntaxErrorsNameSourceLineAndColumn()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    const Result<QList<YamlDocument>> r = YamlReader::readAll(yaml, source);
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::BadRequest);
    QCOMPARE(r.error().message(), error);
}

void TestYamlReader::columnsCountCharactersNotBytes()
{
    // "café" is five bytes but four characters: the error column counts characters.
    QCOMPARE(errorOf("caf\xC3\xA9: x: y\n"),
             QStringLiteral("t.yaml:1:8: mapping values are not allowed in this context"));
    QCOMPARE(errorOf("a: 1\r\nb: c: d\r\n"),
             QStringLiteral("t.yaml:2:5: mapping values are not allowed in this context"));
}

void TestYamlReader::byteOrderMarksAndUtf16AreAccepted()
{
    QCOMPARE(readCompact("\xEF\xBB\xBFkind: Pod\n"), QByteArray("{\"kind\":\"Pod\"}"));
    QStringEncoder le(QStringEncoder::Utf16LE, QStringEncoder::Flag::WriteBom);
    const QByteArray utf16 = le.encode(QStringLiteral("kind: Pod\nname: caf\u00e9\n"));
    QVERIFY(utf16.startsWith("\xFF\xFE"));
    QCOMPARE(readCompact(utf16), QByteArray("{\"kind\":\"Pod\",\"name\":\"caf\xC3\xA9\"}"));
    QStringEncoder be(QStringEncoder::Utf16BE, QStringEncoder::Flag::WriteBom);
    QCOMPARE(readCompact(be.encode(QStringLiteral("- 1\n"))), QByteArray("[1]"));
}

void TestYamlReader::readRefusesASecondDocument()
{
    QCOMPARE(readCompact("a: 1\n---\nb: 2\n"),
             QByteArray("error: t.yaml:3:1: expected a single document, found another"));
    // Empty documents around the one document do not count.
    QCOMPARE(readCompact("---\na: 1\n---\n"), QByteArray("{\"a\":1}"));
}

void TestYamlReader::emptyInputHasNoDocuments()
{
    for (const QByteArray &empty : {QByteArray(), QByteArray("\n\n"), QByteArray("# only a comment\n")}) {
        const Result<QList<YamlDocument>> r = YamlReader::readAll(empty, source);
        QVERIFY(r);
        QVERIFY(r->isEmpty());
        QCOMPARE(readCompact(empty), QByteArray("null"));
    }
}

void TestYamlReader::deepNestingIsRefusedBeforeTheParserRecurses_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    const QString message = QStringLiteral(": nesting is deeper than the limit of 256 levels");
    QTest::newRow("flow sequences") << QByteArray(100000, '[') << "t.yaml:1:257" + message;
    QTest::newRow("json arrays") << QByteArray(100000, '[') + QByteArray(100000, ']') << "t.yaml:1:257" + message;
    QTest::newRow("json objects") << QByteArray("{\"a\":").repeated(100000) + QByteArray(100000, '}')
                                  << "t.yaml:1:1281" + message;
    QTest::newRow("flow mappings") << QByteArray("{a: ").repeated(100000) << "t.yaml:1:1025" + message;
    QTest::newRow("block sequences") << QByteArray("- ").repeated(100000) + "x"
                                     << "t.yaml:1:513" + message;
    QByteArray block;
    for (int i = 0; i < 300; ++i)
        block += QByteArray(i, ' ') + "k:\n";
    block += QByteArray(300, ' ') + "k: v\n";
    QTest::newRow("block mappings") << block << "t.yaml:257:257" + message;
}

void TestYamlReader::deepNestingIsRefusedBeforeTheParserRecurses()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QCOMPARE(errorOf(yaml), error);
}

void TestYamlReader::nestingUpToTheLimitIsAccepted()
{
    const Result<QJsonValue> r = YamlReader::read(QByteArray(256, '[') + QByteArray(256, ']'), source);
    QVERIFY(r);
    QJsonValue v = *r;
    int depth = 0;
    for (; v.isArray(); v = v.toArray().at(0))
        ++depth;
    QCOMPARE(depth, 256);
    QVERIFY(!YamlReader::read(QByteArray(257, '[') + QByteArray(257, ']'), source));
}

void TestYamlReader::aliasesCannotExceedTheDepthLimit()
{
    // Each alias is shallow where it stands but deep once expanded.
    const QByteArray deep = "a: &d " + QByteArray(200, '[') + QByteArray(200, ']') + "\nb: [[[[[[[[[[*d]]]]]]]]]]\n";
    QVERIFY(YamlReader::read(deep, source));
    const QByteArray deeper = "a: &d " + QByteArray(250, '[') + QByteArray(250, ']') + "\nb: [[[[[[[[[[*d]]]]]]]]]]\n";
    QCOMPARE(errorOf(deeper), QStringLiteral("t.yaml:2:14: nesting is deeper than the limit of 256 levels"));
}

void TestYamlReader::billionLaughsIsRefused()
{
    QCOMPARE(errorOf(fixture("billion-laughs.yaml")),
             QStringLiteral("t.yaml:12:10: document contains excessive aliasing: expanding aliases would add more "
                            "than 1000000 nodes"));
    // The same, one level short of the limit, is fine.
    QByteArray smaller = fixture("billion-laughs.yaml");
    smaller.truncate(smaller.indexOf("  g:"));
    const Result<QJsonValue> r = YamlReader::read(smaller, source);
    QVERIFY(r);
    QCOMPARE(r->toObject().value(QLatin1String("data")).toObject().value(QLatin1String("f")).toArray().size(), 9);
}

void TestYamlReader::quadraticAliasExpansionIsRefused()
{
    // One anchor of 10,001 nodes referenced 200 times: 2 million nodes from 4 KiB of aliases.
    QByteArray yaml = "big: &big [" + QByteArray("1,").repeated(10000) + "1]\nrefs:\n";
    for (int i = 0; i < 200; ++i)
        yaml += "- *big\n";
    QCOMPARE(errorOf(yaml), QStringLiteral("t.yaml:102:3: document contains excessive aliasing: expanding aliases "
                                           "would add more than 1000000 nodes"));
}

void TestYamlReader::selfReferencingAliasIsRefused()
{
    QCOMPARE(errorOf("a: &a [*a]\n"), QStringLiteral("t.yaml:1:8: anchor 'a' value contains itself"));
    QCOMPARE(errorOf("a: &a {b: {c: *a}}\n"), QStringLiteral("t.yaml:1:15: anchor 'a' value contains itself"));
}

void TestYamlReader::hugeDocumentsAreRefused()
{
    // One scalar larger than the 3 MiB a document may hold.
    const QByteArray big = "a: 1\n---\nkind: ConfigMap\ndata:\n  blob: " + QByteArray(3 * 1024 * 1024, 'x') + "\n";
    const Result<QList<YamlDocument>> r = YamlReader::readAll(big, source);
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::RequestTooLarge);
    QCOMPARE(r.error().message(), QStringLiteral("t.yaml:2:1: the document is larger than the limit of 3145728 bytes"));
    // Many small nodes add up the same way.
    QByteArray many = "items:\n";
    while (many.size() < 3 * 1024 * 1024 + 100)
        many += "- {name: item, value: 12345}\n";
    QCOMPARE(errorOf(many), QStringLiteral("t.yaml:1:1: the document is larger than the limit of 3145728 bytes"));
    const QByteArray json = "{\"a\": \"" + QByteArray(3 * 1024 * 1024, 'x') + "\"}";
    QCOMPARE(errorOf(json), QStringLiteral("t.yaml:1:1: the document is larger than the limit of 3145728 bytes"));
}

void TestYamlReader::hugeStreamsAreRefused()
{
    YamlLimits limits;
    limits.maxStreamBytes = 1000;
    const QByteArray stream = QByteArray("---\nkind: Pod\n").repeated(100);
    const Result<QList<YamlDocument>> r = YamlReader::readAll(stream, source, limits);
    QVERIFY(!r);
    QCOMPARE(r.error().code(), ErrorCode::RequestTooLarge);
    QCOMPARE(r.error().message(), QStringLiteral("t.yaml:144:3: the input is larger than the limit of 1000 bytes"));
    QVERIFY(YamlReader::readAll(stream.left(1000), source, limits));
}

void TestYamlReader::tooManyDocumentsAreRefused()
{
    const QByteArray stream = QByteArray("---\na: 1\n").repeated(10001);
    QCOMPARE(errorOf(stream), QStringLiteral("t.yaml:20001:1: the stream has more than 10000 documents"));
    const QByteArray separators = QByteArray("---\n").repeated(20000);
    QCOMPARE(errorOf(separators), QStringLiteral("t.yaml:10001:1: the stream has more than 10000 documents"));
    const QByteArray json = QByteArray("{}").repeated(10001);
    QCOMPARE(errorOf(json), QStringLiteral("t.yaml:1:20001: the stream has more than 10000 documents"));
    QVERIFY(YamlReader::readAll(QByteArray("---\na: 1\n").repeated(10000), source));
}

void TestYamlReader::binaryGarbageIsRefused()
{
    QRandomGenerator random(42);
    QByteArray garbage(4096, '\0');
    random.fillRange(reinterpret_cast<quint32 *>(garbage.data()), garbage.size() / 4);
    garbage.prepend("apiVersion: v1\nkind: ");
    const QString error = errorOf(garbage);
    QVERIFY2(error.startsWith(QLatin1String("t.yaml:2:")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("invalid UTF-8")) || error.contains(QLatin1String("control character")),
             qPrintable(error));
    QCOMPARE(errorOf(QByteArray("kind: Pod\n\0\0\0\0", 14)),
             QStringLiteral("t.yaml:2:1: control character U+0000 is not allowed (is this a binary file?)"));
}

void TestYamlReader::invalidUtf8IsRefusedWithItsPosition_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    const QString suffix = QStringLiteral("; the input must be UTF-8 text");
    QTest::newRow("latin-1 byte") << fixture("invalid-utf8.yaml") << "t.yaml:4:12: invalid UTF-8 byte 0xe9" + suffix;
    QTest::newRow("lone continuation byte") << QByteArray("a: \x80x") << "t.yaml:1:4: invalid UTF-8 byte 0x80" + suffix;
    QTest::newRow("truncated sequence") << QByteArray("a: caf\xC3") << "t.yaml:1:7: invalid UTF-8 byte 0xc3" + suffix;
    QTest::newRow("overlong encoding") << QByteArray("a: \xC0\xAF") << "t.yaml:1:4: invalid UTF-8 byte 0xc0" + suffix;
    QTest::newRow("encoded surrogate") << QByteArray("a: \xED\xA0\x80")
                                       << "t.yaml:1:4: invalid UTF-8 byte 0xed" + suffix;
    QTest::newRow("beyond U+10FFFF") << QByteArray("a: \xF4\x90\x80\x80")
                                     << "t.yaml:1:4: invalid UTF-8 byte 0xf4" + suffix;
    QTest::newRow("after multi-byte characters")
        << QByteArray("\xC3\xA9\xC3\xA9: \xFF") << "t.yaml:1:5: invalid UTF-8 byte 0xff" + suffix;
}

void TestYamlReader::invalidUtf8IsRefusedWithItsPosition()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QCOMPARE(errorOf(yaml), error);
}

void TestYamlReader::controlCharactersAreRefused_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("bell") << QByteArray("a: x\x07") << "t.yaml:1:5: control character U+0007 is not allowed";
    QTest::newRow("escape") << QByteArray("a:\n  b: \x1B[31m") << "t.yaml:2:6: control character U+001B is not allowed";
    QTest::newRow("delete") << QByteArray("a: \x7F") << "t.yaml:1:4: control character U+007F is not allowed";
    QTest::newRow("C1 control") << QByteArray("a: \xC2\x9B") << "t.yaml:1:4: control character U+009B is not allowed";
    QTest::newRow("non-character") << QByteArray("a: \xEF\xBF\xBE")
                                   << "t.yaml:1:4: control character U+FFFE is not allowed";
    QTest::newRow("tab, NEL and emoji are fine") << QByteArray("a: \"x\ty\xC2\x85z\xF0\x9F\x98\x80\"") << "<no error>";
}

void TestYamlReader::controlCharactersAreRefused()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QCOMPARE(errorOf(yaml), error);
}

void TestYamlReader::limitsAreConfigurable()
{
    YamlLimits limits;
    limits.maxDepth = 3;
    limits.maxDocuments = 2;
    limits.maxAliasNodes = 10;
    limits.maxDocumentBytes = 64;
    QCOMPARE(errorOf("a: {b: {c: 1}}", limits), QStringLiteral("<no error>"));
    QCOMPARE(errorOf("a: {b: {c: [1]}}", limits),
             QStringLiteral("t.yaml:1:12: nesting is deeper than the limit of 3 levels"));
    QCOMPARE(errorOf("a\n---\nb\n---\nc\n", limits),
             QStringLiteral("t.yaml:4:1: the stream has more than 2 documents"));
    QCOMPARE(errorOf("a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n", limits),
             QStringLiteral("t.yaml:2:13: document contains excessive aliasing: expanding aliases would add more than "
                            "10 nodes"));
    QCOMPARE(errorOf("a: " + QByteArray(70, 'x'), limits),
             QStringLiteral("t.yaml:1:1: the document is larger than the limit of 64 bytes"));
}

void TestYamlReader::mutatedManifestsNeverCrashOrHang()
{
    // Seeded mutations of real manifests: every outcome is a value or a positioned error.
    const QList<QByteArray> seeds = {fixture("deployment-service.yaml"), fixture("anchors.yaml"),
                                     fixture("deployment.json"), fixture("list.yaml")};
    QRandomGenerator random(7);
    static const char alphabet[] = " \n\t:-[]{},&*!|>'\"%@`#?~0123456789aZ\\.";
    for (int round = 0; round < 1500; ++round) {
        QByteArray text = seeds[round % seeds.size()];
        const int edits = 1 + int(random.bounded(8));
        for (int e = 0; e < edits && !text.isEmpty(); ++e) {
            const int at = int(random.bounded(quint32(text.size())));
            switch (random.bounded(4)) {
            case 0:
                text[at] = alphabet[random.bounded(int(sizeof alphabet - 1))];
                break;
            case 1:
                text.insert(at, alphabet[random.bounded(int(sizeof alphabet - 1))]);
                break;
            case 2:
                text.remove(at, 1 + int(random.bounded(10)));
                break;
            default:
                text.truncate(at);
                break;
            }
        }
        const Result<QList<YamlDocument>> r = YamlReader::readAll(text, source);
        if (!r)
            QVERIFY2(r.error().message().startsWith(QLatin1String("t.yaml:")), qPrintable(r.error().message()));
    }
}

QTEST_APPLESS_MAIN(TestYamlReader)
#include "tst_yamlreader.moc"
