// YamlWriter: JSON -> YAML exactly as `kubectl get -o yaml` prints it. The expected texts below were
// printed by kubectl itself (sigs.k8s.io/yaml over go-yaml v2.4) for the same values.
#include "api/yamlreader.h"
#include "api/yamlwriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace tugboat::api;

namespace {

// UTF-8 text as a QString, keeping a leading U+FEFF (QString::fromUtf8 would drop it as a BOM).
QString u8(const char *utf8)
{
    const QByteArray b(utf8);
    return b.startsWith("\xEF\xBB\xBF") ? QChar(0xFEFF) + QString::fromUtf8(b.mid(3)) : QString::fromUtf8(b);
}

QJsonValue parseJson(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
}

QByteArray fixture(const char *name)
{
    const QString path = QFINDTESTDATA(QStringLiteral("data/manifests/") + QLatin1String(name));
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly))
        qFatal("test data %s not found", name);
    return f.readAll();
}

QList<QJsonObject> objectsOf(const QByteArray &text)
{
    QList<QJsonObject> objects;
    const Result<QList<YamlDocument>> docs = YamlReader::readAll(text, QStringLiteral("fixture"));
    if (!docs)
        qFatal("%s", qPrintable(docs.error().message()));
    for (const YamlDocument &d : *docs)
        if (d.value.isObject())
            objects.append(d.value.toObject());
    return objects;
}

// Writing then reading back gives the identical JSON.
bool roundTrips(const QJsonValue &value, QByteArray *yaml = nullptr)
{
    const QByteArray text = YamlWriter::write(value);
    if (yaml)
        *yaml = text;
    const Result<QJsonValue> back = YamlReader::read(text, QStringLiteral("written"));
    return back && *back == value;
}

} // namespace

class TestYamlWriter : public QObject {
    Q_OBJECT

private slots:
    void stringsAreQuotedOnlyWhenNeeded_data();
    void stringsAreQuotedOnlyWhenNeeded();
    void stringsRoundTripAsValuesAndKeys_data();
    void stringsRoundTripAsValuesAndKeys();
    void numbersPrintAsKubectlPrintsThem_data();
    void numbersPrintAsKubectlPrintsThem();
    void nanAndInfinityUseGoYamlSpellings();
    void structuresAreLaidOutAsKubectlLaysThemOut_data();
    void structuresAreLaidOutAsKubectlLaysThemOut();
    void mergeKeyIsQuotedSoItReadsBackAsAKey();
    void rootValuesOtherThanObjects_data();
    void rootValuesOtherThanObjects();
    void keyLessIsGoYamlKeyOrder_data();
    void keyLessIsGoYamlKeyOrder();
    void formatFloatIsGoFormatFloat_data();
    void formatFloatIsGoFormatFloat();
    void manifestsPrintAsKubectlPrintsThem_data();
    void manifestsPrintAsKubectlPrintsThem();
    void writeAllSeparatesDocuments();
    void fixturesRoundTrip_data();
    void fixturesRoundTrip();
    void randomDocumentsRoundTrip();
};

void TestYamlWriter::stringsAreQuotedOnlyWhenNeeded_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("00 nginx") << u8("nginx") << QByteArray("k: nginx\n");
    QTest::newRow("01 8080") << u8("8080") << QByteArray("k: \"8080\"\n");
    QTest::newRow("02 true") << u8("true") << QByteArray("k: \"true\"\n");
    QTest::newRow("03 yes") << u8("yes") << QByteArray("k: \"yes\"\n");
    QTest::newRow("04 Yes") << u8("Yes") << QByteArray("k: \"Yes\"\n");
    QTest::newRow("05 y") << u8("y") << QByteArray("k: \"y\"\n");
    QTest::newRow("06 n") << u8("n") << QByteArray("k: \"n\"\n");
    QTest::newRow("07 on") << u8("on") << QByteArray("k: \"on\"\n");
    QTest::newRow("08 off") << u8("off") << QByteArray("k: \"off\"\n");
    QTest::newRow("09 null") << u8("null") << QByteArray("k: \"null\"\n");
    QTest::newRow("10 Null") << u8("Null") << QByteArray("k: \"Null\"\n");
    QTest::newRow("11 ~") << u8("~") << QByteArray("k: \"~\"\n");
    QTest::newRow("12 ") << u8("") << QByteArray("k: \"\"\n");
    QTest::newRow("13 1.5") << u8("1.5") << QByteArray("k: \"1.5\"\n");
    QTest::newRow("14 1e3") << u8("1e3") << QByteArray("k: \"1e3\"\n");
    QTest::newRow("15 .5") << u8(".5") << QByteArray("k: \".5\"\n");
    QTest::newRow("16 0x1F") << u8("0x1F") << QByteArray("k: \"0x1F\"\n");
    QTest::newRow("17 0o17") << u8("0o17") << QByteArray("k: \"0o17\"\n");
    QTest::newRow("18 017") << u8("017") << QByteArray("k: \"017\"\n");
    QTest::newRow("19 1_000") << u8("1_000") << QByteArray("k: \"1_000\"\n");
    QTest::newRow("20 -1") << u8("-1") << QByteArray("k: \"-1\"\n");
    QTest::newRow("21 +1") << u8("+1") << QByteArray("k: \"+1\"\n");
    QTest::newRow("22 2001-12-14") << u8("2001-12-14") << QByteArray("k: \"2001-12-14\"\n");
    QTest::newRow("23 2001-12-14T21:59:43Z")
        << u8("2001-12-14T21:59:43Z") << QByteArray("k: \"2001-12-14T21:59:43Z\"\n");
    QTest::newRow("24 2024-01-01T00:00:00Z")
        << u8("2024-01-01T00:00:00Z") << QByteArray("k: \"2024-01-01T00:00:00Z\"\n");
    QTest::newRow("25 1:20") << u8("1:20") << QByteArray("k: \"1:20\"\n");
    QTest::newRow("26 12:30:45") << u8("12:30:45") << QByteArray("k: \"12:30:45\"\n");
    QTest::newRow("27 10.0.0.1") << u8("10.0.0.1") << QByteArray("k: 10.0.0.1\n");
    QTest::newRow("28 1.2.3") << u8("1.2.3") << QByteArray("k: 1.2.3\n");
    QTest::newRow("29 v1") << u8("v1") << QByteArray("k: v1\n");
    QTest::newRow("30 apps/v1") << u8("apps/v1") << QByteArray("k: apps/v1\n");
    QTest::newRow("31 100m") << u8("100m") << QByteArray("k: 100m\n");
    QTest::newRow("32 64Mi") << u8("64Mi") << QByteArray("k: 64Mi\n");
    QTest::newRow("33 25%") << u8("25%") << QByteArray("k: 25%\n");
    QTest::newRow("34  leading") << u8(" leading") << QByteArray("k: ' leading'\n");
    QTest::newRow("35 trailing ") << u8("trailing ") << QByteArray("k: 'trailing '\n");
    QTest::newRow("36 two  spaces") << u8("two  spaces") << QByteArray("k: two  spaces\n");
    QTest::newRow("37 a: b") << u8("a: b") << QByteArray("k: 'a: b'\n");
    QTest::newRow("38 a:b") << u8("a:b") << QByteArray("k: a:b\n");
    QTest::newRow("39 key:") << u8("key:") << QByteArray("k: 'key:'\n");
    QTest::newRow("40 a #b") << u8("a #b") << QByteArray("k: 'a #b'\n");
    QTest::newRow("41 a#b") << u8("a#b") << QByteArray("k: a#b\n");
    QTest::newRow("42 #comment") << u8("#comment") << QByteArray("k: '#comment'\n");
    QTest::newRow("43 *") << u8("*") << QByteArray("k: '*'\n");
    QTest::newRow("44 *.example.com") << u8("*.example.com") << QByteArray("k: '*.example.com'\n");
    QTest::newRow("45 &anchor") << u8("&anchor") << QByteArray("k: '&anchor'\n");
    QTest::newRow("46 !tag") << u8("!tag") << QByteArray("k: '!tag'\n");
    QTest::newRow("47 |pipe") << u8("|pipe") << QByteArray("k: '|pipe'\n");
    QTest::newRow("48 >gt") << u8(">gt") << QByteArray("k: '>gt'\n");
    QTest::newRow("49 'quote") << u8("'quote") << QByteArray("k: '''quote'\n");
    QTest::newRow("50 ?dq") << u8("\"dq") << QByteArray("k: '\"dq'\n");
    QTest::newRow("51 %percent") << u8("%percent") << QByteArray("k: '%percent'\n");
    QTest::newRow("52 @at") << u8("@at") << QByteArray("k: '@at'\n");
    QTest::newRow("53 `tick") << u8("`tick") << QByteArray("k: '`tick'\n");
    QTest::newRow("54 {brace}") << u8("{brace}") << QByteArray("k: '{brace}'\n");
    QTest::newRow("55 [bracket]") << u8("[bracket]") << QByteArray("k: '[bracket]'\n");
    QTest::newRow("56 - dash") << u8("- dash") << QByteArray("k: '- dash'\n");
    QTest::newRow("57 -dash") << u8("-dash") << QByteArray("k: -dash\n");
    QTest::newRow("58 -") << u8("-") << QByteArray("k: '-'\n");
    QTest::newRow("59 --") << u8("--") << QByteArray("k: --\n");
    QTest::newRow("60 ---") << u8("---") << QByteArray("k: '---'\n");
    QTest::newRow("61 ...") << u8("...") << QByteArray("k: '...'\n");
    QTest::newRow("62 ? q") << u8("? q") << QByteArray("k: '? q'\n");
    QTest::newRow("63 ?q") << u8("?q") << QByteArray("k: ?q\n");
    QTest::newRow("64 : colon") << u8(": colon") << QByteArray("k: ': colon'\n");
    QTest::newRow("65 :colon") << u8(":colon") << QByteArray("k: :colon\n");
    QTest::newRow("66 a,b") << u8("a,b") << QByteArray("k: a,b\n");
    QTest::newRow("67 a]b") << u8("a]b") << QByteArray("k: a]b\n");
    QTest::newRow("68 x?y") << u8("x?y") << QByteArray("k: x?y\n");
    QTest::newRow("69 it's") << u8("it's") << QByteArray("k: it's\n");
    QTest::newRow("70 say ?hi?") << u8("say \"hi\"") << QByteArray("k: say \"hi\"\n");
    QTest::newRow("71 back?slash") << u8("back\\slash") << QByteArray("k: back\\slash\n");
    QTest::newRow("72 tab?here") << u8("tab\there") << QByteArray("k: \"tab\\there\"\n");
    QTest::newRow("73 bell?") << u8("bell\x07") << QByteArray("k: \"bell\\a\"\n");
    QTest::newRow("74 caf?") << u8("caf\xC3\xA9") << QByteArray("k: caf\xC3\xA9\n");
    QTest::newRow("75 ???") << u8("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E")
                            << QByteArray("k: \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\n");
    QTest::newRow("76 emoji ?") << u8("emoji \xF0\x9F\x98\x80") << QByteArray("k: \"emoji \\U0001F600\"\n");
    QTest::newRow("77 nbsp?x") << u8("nbsp\xC2\xA0x") << QByteArray("k: nbsp\xC2\xA0x\n");
    QTest::newRow("78 ?bom") << u8("\xEF\xBB\xBF"
                                   "bom")
                             << QByteArray("k: \"\\uFEFF\\x62\\x6F\\x6D\"\n");
    QTest::newRow("79 mid?bom") << u8("mid\xEF\xBB\xBF"
                                      "bom")
                                << QByteArray("k: \"mid\\uFEFFbom\"\n");
    QTest::newRow("80 <<") << u8("<<") << QByteArray("k: <<\n");
    QTest::newRow("81 =") << u8("=") << QByteArray("k: =\n");
    QTest::newRow("82 a=b") << u8("a=b") << QByteArray("k: a=b\n");
    QTest::newRow("83 $(VAR)") << u8("$(VAR)") << QByteArray("k: $(VAR)\n");
    QTest::newRow("84 {{ .Values.image }}") << u8("{{ .Values.image }}") << QByteArray("k: '{{ .Values.image }}'\n");
    QTest::newRow("85 http://example.com/path?q=1#frag")
        << u8("http://example.com/path?q=1#frag") << QByteArray("k: http://example.com/path?q=1#frag\n");
    QTest::newRow("86 sh -c 'echo hi'") << u8("sh -c 'echo hi'") << QByteArray("k: sh -c 'echo hi'\n");
    QTest::newRow("87 .inf") << u8(".inf") << QByteArray("k: \".inf\"\n");
    QTest::newRow("88 -.inf") << u8("-.inf") << QByteArray("k: \"-.inf\"\n");
    QTest::newRow("89 .nan") << u8(".nan") << QByteArray("k: \".nan\"\n");
    QTest::newRow("90 .Inf") << u8(".Inf") << QByteArray("k: \".Inf\"\n");
    QTest::newRow("91 NaN") << u8("NaN") << QByteArray("k: NaN\n");
    QTest::newRow("92 infinity") << u8("infinity") << QByteArray("k: infinity\n");
    QTest::newRow("93 line1?line2") << u8("line1\nline2") << QByteArray("k: |-\n  line1\n  line2\n");
    QTest::newRow("94 line1?line2?") << u8("line1\nline2\n") << QByteArray("k: |\n  line1\n  line2\n");
    QTest::newRow("95 ends with two??") << u8("ends with two\n\n") << QByteArray("k: |+\n  ends with two\n\n");
    QTest::newRow("96 ?") << u8("\n") << QByteArray("k: |2+\n\n");
    QTest::newRow("97 ?leading newline") << u8("\nleading newline") << QByteArray("k: |2-\n\n  leading newline\n");
    QTest::newRow("98  indented?line") << u8(" indented\nline") << QByteArray("k: |2-\n   indented\n  line\n");
    QTest::newRow("99 trailing space ?x") << u8("trailing space \nx") << QByteArray("k: \"trailing space \\nx\"\n");
    QTest::newRow("100 x? trailing-indent")
        << u8("x\n trailing-indent") << QByteArray("k: |-\n  x\n   trailing-indent\n");
    QTest::newRow("101 tab?and?newline") << u8("tab\tand\nnewline") << QByteArray("k: \"tab\\tand\\nnewline\"\n");
    QTest::newRow("102 a??b") << u8("a\r\nb") << QByteArray("k: \"a\\r\\nb\"\n");
    QTest::newRow("103 only?") << u8("only\r") << QByteArray("k: \"only\\r\"\n");
    QTest::newRow("104 a???b") << u8("a\n\n\nb") << QByteArray("k: |-\n  a\n\n\n  b\n");
    QTest::newRow("105 The quick brown fox jumps over the lazy ")
        << u8("The quick brown fox jumps over the lazy dog and keeps running far beyond the eighty column "
              "limit of the emitter")
        << QByteArray("k: The quick brown fox jumps over the lazy dog and keeps running far beyond the "
                      "eighty\n  column limit of the emitter\n");
    QTest::newRow("106 short words a b c d e f g h i j k l m n ")
        << u8("short words a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o "
              "p q r s t u v w x y z")
        << QByteArray("k: short words a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h\n  "
                      "i j k l m n o p q r s t u v w x y z\n");
    QTest::newRow("107 Back-off pulling image ?registry.example")
        << u8("Back-off pulling image \"registry.example.com/team/app:1.2.3\": ErrImagePull: rpc error: code "
              "= Unknown desc = failed to pull and unpack image")
        << QByteArray("k: 'Back-off pulling image \"registry.example.com/team/app:1.2.3\": ErrImagePull: "
                      "rpc\n  error: code = Unknown desc = failed to pull and unpack image'\n");
    QTest::newRow("108 0123456789012345678901234567890123456789")
        << u8("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123"
              "456789")
        << QByteArray("k: "
                      "\"012345678901234567890123456789012345678901234567890123456789012345678901234567890123"
                      "4567890123456789\"\n");
    QTest::newRow("109 spaces  before   fold  point  aaaaaaaaaa")
        << u8("spaces  before   fold  point  "
              "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  bbbb   "
              "cccc")
        << QByteArray("k: spaces  before   fold  point  "
                      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  "
                      "bbbb   cccc\n");
    QTest::newRow("110 'single quoted words that are long enoug")
        << u8("'single quoted words that are long enough to be folded by the emitter at the eighty column "
              "mark' and more")
        << QByteArray("k: '''single quoted words that are long enough to be folded by the emitter at the\n  "
                      "eighty column mark'' and more'\n");
    QTest::newRow("111 tab?separated?values that are long enoug")
        << u8("tab\tseparated\tvalues that are long enough to need folding past the eighty column limit of "
              "the emitter")
        << QByteArray("k: \"tab\\tseparated\\tvalues that are long enough to need folding past the eighty "
                      "column\n  limit of the emitter\"\n");
}

void TestYamlWriter::stringsAreQuotedOnlyWhenNeeded()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, yaml);
    QCOMPARE(YamlWriter::write(QJsonObject{{QStringLiteral("k"), value}}), yaml);
}

void TestYamlWriter::stringsRoundTripAsValuesAndKeys_data()
{
    stringsAreQuotedOnlyWhenNeeded_data();
}

void TestYamlWriter::stringsRoundTripAsValuesAndKeys()
{
    QFETCH(QString, value);
    QByteArray yaml;
    QVERIFY2(roundTrips(QJsonObject{{QStringLiteral("k"), value}}, &yaml), yaml.constData());
    QVERIFY2(roundTrips(QJsonObject{{value, QStringLiteral("v")}}, &yaml), yaml.constData());
    QVERIFY2(roundTrips(QJsonArray{value, QJsonObject{{QStringLiteral("deeper"), QJsonArray{value}}}}, &yaml),
             yaml.constData());
}

void TestYamlWriter::numbersPrintAsKubectlPrintsThem_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("yaml");
    const std::pair<const char *, const char *> rows[] = {
        {"0", "0"},
        {"-1", "-1"},
        {"3.0", "3"},
        {"-0.0", "0"},
        {"0.5", "0.5"},
        {"0.1", "0.1"},
        {"1e-7", "1e-07"},
        {"1.5e-7", "1.5e-07"},
        {"0.0001", "0.0001"},
        {"0.00001", "1e-05"},
        {"123456.5", "123456.5"},
        {"1234567.5", "1.2345675e+06"},
        {"1e6", "1000000"},
        {"1000000.5", "1.0000005e+06"},
        {"1e15", "1000000000000000"},
        {"1e19", "10000000000000000000"},
        {"1e20", "1e+20"},
        {"1e21", "1e+21"},
        {"-1e19", "-1e+19"},
        {"9223372036854775807", "9223372036854775807"},
        {"-9223372036854775808", "-9223372036854775808"},
        {"9007199254740993", "9007199254740993"},
        {"18446744073709551615", "1.8446744073709552e+19"},
        {"0.30000000000000004", "0.30000000000000004"},
        {"1e300", "1e+300"},
        {"2.5e-300", "2.5e-300"},
        {"5e-324", "5e-324"},
        {"1.7976931348623157e308", "1.7976931348623157e+308"},
    };
    for (const auto &[json, yaml] : rows)
        QTest::newRow(json) << QByteArray(json) << QByteArray(yaml);
}

void TestYamlWriter::numbersPrintAsKubectlPrintsThem()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, yaml);
    const QJsonValue value = parseJson("{\"k\": " + json + "}");
    QCOMPARE(YamlWriter::write(value), "k: " + yaml + "\n");
    // Read back, the number is the same JSON number.
    const Result<QJsonValue> back = YamlReader::read(YamlWriter::write(value), QStringLiteral("written"));
    QVERIFY(back);
    QCOMPARE(back->toObject().value(QLatin1String("k")).toDouble(),
             value.toObject().value(QLatin1String("k")).toDouble());
}

void TestYamlWriter::nanAndInfinityUseGoYamlSpellings()
{
    const QJsonObject o{{QStringLiteral("a"), std::numeric_limits<double>::infinity()},
                        {QStringLiteral("b"), -std::numeric_limits<double>::infinity()},
                        {QStringLiteral("c"), std::numeric_limits<double>::quiet_NaN()}};
    QCOMPARE(YamlWriter::write(o), QByteArray("a: .inf\nb: -.inf\nc: .nan\n"));
}

void TestYamlWriter::structuresAreLaidOutAsKubectlLaysThemOut_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("yaml");
    const QString k129(129, QLatin1Char('k')), k130(130, QLatin1Char('k')), k128(128, QLatin1Char('k'));
    QTest::newRow("long keys use the explicit key form")
        << QJsonValue(QJsonObject{{k129, QStringLiteral("v")},
                                  {QStringLiteral("kk"), QJsonObject{{k130, QJsonObject{{QStringLiteral("a"), 1}}}}}})
        << "kk:\n  ? " + k130.toUtf8() + "\n  : a: 1\n? " + k129.toUtf8() + "\n: v\n";
    QTest::newRow("a 128-byte key is still simple")
        << QJsonValue(QJsonObject{{k128, QStringLiteral("v")}}) << k128.toUtf8() + ": v\n";
    QTest::newRow("multi-line keys are literal blocks")
        << parseJson(R"({"line1\nline2": "v", "x": {"a\nb": [1]}})")
        << QByteArray("? |-\n  line1\n  line2\n: v\nx:\n  ? |-\n    a\n    b\n  : - 1\n");
    QTest::newRow("long explicit keys fold")
        << QJsonValue(QJsonObject{{QStringLiteral("word ").repeated(39) + QStringLiteral("word"), QStringLiteral("v")}})
        << QByteArray("? word word word word word word word word word word word word word word word word\n"
                      "  word word word word word word word word word word word word word word word word\n"
                      "  word word word word word word word word\n: v\n");
    QTest::newRow("empty collections and null")
        << parseJson(R"({"a": {}, "b": [], "c": null, "d": [{}], "e": [[]], "f": true, "g": [null, false, ""]})")
        << QByteArray("a: {}\nb: []\nc: null\nd:\n- {}\ne:\n- []\nf: true\ng:\n- null\n- false\n- \"\"\n");
    QTest::newRow("nested sequences") << parseJson(R"({"a": [[1, 2], [[3]], [{"b": [4, {"c": []}]}]]})")
                                      << QByteArray("a:\n- - 1\n  - 2\n- - - 3\n- - b:\n    - 4\n    - c: []\n");
    QTest::newRow("sequences of maps start at the parent key's column")
        << parseJson(
               R"({"spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}]}]}})")
        << QByteArray("spec:\n  containers:\n  - image: nginx\n    name: web\n    ports:\n    - "
                      "containerPort: 80\n");
    QTest::newRow("literal blocks in sequences")
        << parseJson(R"({"a": ["x\ny", " lead\nz", "tail\n\n"], "b": {"c": "p\nq\n"}})")
        << QByteArray("a:\n- |-\n  x\n  y\n- |2-\n   lead\n  z\n- |+\n  tail\n\nb:\n  c: |\n    p\n    q\n");
    QTest::newRow("long strings in sequences fold")
        << QJsonValue(QJsonObject{{QStringLiteral("a"),
                                   QJsonArray{QStringLiteral("word ").repeated(30),
                                              QJsonObject{{QStringLiteral("m"), QStringLiteral("x ").repeated(60)}}}}})
        << QByteArray("a:\n- 'word word word word word word word word word word word word word word word word\n"
                      "  word word word word word word word word word word word word word word '\n"
                      "- m: 'x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x x\n"
                      "    x x x x x x x x x x x x x x x x x x x x x x '\n");
    QTest::newRow("keys in go-yaml order")
        << parseJson(R"({"a10":1,"a9":1,"_x":1,"Ax":1,"b":1,"a2":1,"1":1,"01":1,"001":1,"10":1,"2":1,"-a":1,)"
                     R"("\u00e9":1,"z":1,"Z":1,"a0b":1,"a00b":1,"x-10":1,"x-9":1,"k8s":1,"k10s":1})")
        << QByteArray("-a: 1\n_x: 1\n\"1\": 1\n\"01\": 1\n\"001\": 1\n\"2\": 1\n\"10\": 1\nAx: 1\nZ: 1\na00b: 1\n"
                      "a0b: 1\na2: 1\na9: 1\na10: 1\nb: 1\nk8s: 1\nk10s: 1\nx-9: 1\nx-10: 1\nz: 1\n\xC3\xA9: 1\n");
}

void TestYamlWriter::structuresAreLaidOutAsKubectlLaysThemOut()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, yaml);
    QCOMPARE(YamlWriter::write(value), yaml);
    QVERIFY(roundTrips(value));
}

void TestYamlWriter::mergeKeyIsQuotedSoItReadsBackAsAKey()
{
    // go-yaml would print a plain <<, which reads back as a merge key; as a value it stays plain.
    const QJsonObject o{{QStringLiteral("<<"), QStringLiteral("<<")}};
    QCOMPARE(YamlWriter::write(o), QByteArray("\"<<\": <<\n"));
    QVERIFY(roundTrips(o));
}

void TestYamlWriter::rootValuesOtherThanObjects_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("sequence") << parseJson(R"([1, {"a": 1, "b": [true]}, "x"])")
                              << QByteArray("- 1\n- a: 1\n  b:\n  - true\n- x\n");
    QTest::newRow("empty object") << QJsonValue(QJsonObject()) << QByteArray("{}\n");
    QTest::newRow("empty array") << QJsonValue(QJsonArray()) << QByteArray("[]\n");
    QTest::newRow("string") << QJsonValue(QStringLiteral("hello")) << QByteArray("hello\n");
    QTest::newRow("string needing quotes") << QJsonValue(QStringLiteral("8080")) << QByteArray("\"8080\"\n");
    QTest::newRow("multi-line string") << QJsonValue(QStringLiteral("a\nb")) << QByteArray("|-\n  a\n  b\n");
    QTest::newRow("number") << QJsonValue(42) << QByteArray("42\n");
    QTest::newRow("null") << QJsonValue() << QByteArray("null\n");
}

void TestYamlWriter::rootValuesOtherThanObjects()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, yaml);
    QCOMPARE(YamlWriter::write(value), yaml);
    QVERIFY(roundTrips(value));
}

void TestYamlWriter::keyLessIsGoYamlKeyOrder_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("less");
    QTest::newRow("letters") << "apiVersion"
                             << "kind" << true;
    QTest::newRow("prefix first") << "a"
                                  << "ab" << true;
    QTest::newRow("equal") << "same"
                           << "same" << false;
    QTest::newRow("digits as numbers") << "a9"
                                       << "a10" << true;
    QTest::newRow("digits as numbers, reversed") << "a10"
                                                 << "a9" << false;
    QTest::newRow("non-letters before letters") << "_x"
                                                << "Ax" << true;
    QTest::newRow("upper case before lower case") << "Z"
                                                  << "a" << true;
    QTest::newRow("fewer leading zeros first") << "1"
                                               << "01" << true;
    QTest::newRow("leading zeros") << "01"
                                   << "001" << true;
    QTest::newRow("zero run inside a number") << "a00b"
                                              << "a0b" << true;
    QTest::newRow("non-ASCII letters by code point") << "z"
                                                     << "\u00e9" << true;
    // 2^63 overflows Go's int64 to a negative number, so go-yaml calls it the smaller.
    QTest::newRow("digit runs wrap as in Go") << "x9223372036854775808"
                                              << "x1" << true;
    QTest::newRow("digit runs below the wrap") << "x9223372036854775807"
                                               << "x1" << false;
}

void TestYamlWriter::keyLessIsGoYamlKeyOrder()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, less);
    QCOMPARE(YamlWriter::keyLess(a, b), less);
}

void TestYamlWriter::formatFloatIsGoFormatFloat_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("bits");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("plain") << 1.5 << 64 << QByteArray("1.5");
    QTest::newRow("integral") << 100.0 << 64 << QByteArray("100");
    QTest::newRow("six digits before the point") << 123456.0 << 64 << QByteArray("123456");
    QTest::newRow("exponent 6") << 1e6 << 64 << QByteArray("1e+06");
    QTest::newRow("small") << 0.0001 << 64 << QByteArray("0.0001");
    QTest::newRow("smaller") << 0.00001 << 64 << QByteArray("1e-05");
    QTest::newRow("three-digit exponent") << 1e300 << 64 << QByteArray("1e+300");
    QTest::newRow("zero") << 0.0 << 64 << QByteArray("0");
    QTest::newRow("negative zero") << -0.0 << 64 << QByteArray("-0");
    QTest::newRow("negative") << -2.25 << 64 << QByteArray("-2.25");
    QTest::newRow("float32 precision") << 3.14159265358979 << 32 << QByteArray("3.1415927");
    QTest::newRow("float32 tenth") << 0.1 << 32 << QByteArray("0.1");
    QTest::newRow("float64 tenth") << 0.1 << 64 << QByteArray("0.1");
    QTest::newRow("infinity") << std::numeric_limits<double>::infinity() << 64 << QByteArray(".inf");
    QTest::newRow("minus infinity") << -std::numeric_limits<double>::infinity() << 32 << QByteArray("-.inf");
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << 64 << QByteArray(".nan");
}

void TestYamlWriter::formatFloatIsGoFormatFloat()
{
    QFETCH(double, value);
    QFETCH(int, bits);
    QFETCH(QByteArray, text);
    QCOMPARE(YamlWriter::formatFloat(value, bits), text);
}

void TestYamlWriter::manifestsPrintAsKubectlPrintsThem_data()
{
    QTest::addColumn<QByteArray>("manifest");
    QTest::addColumn<QByteArray>("golden");
    QTest::newRow("deployment and service")
        << fixture("deployment-service.yaml") << fixture("deployment-service.golden.yaml");
    QTest::newRow("anchors and block scalars") << fixture("anchors.yaml") << fixture("anchors.golden.yaml");
}

void TestYamlWriter::manifestsPrintAsKubectlPrintsThem()
{
    QFETCH(QByteArray, manifest);
    QFETCH(QByteArray, golden);
    QCOMPARE(YamlWriter::writeAll(objectsOf(manifest)), golden);
}

void TestYamlWriter::writeAllSeparatesDocuments()
{
    const QList<QJsonObject> objects{QJsonObject{{QStringLiteral("kind"), QStringLiteral("A")}},
                                     QJsonObject{{QStringLiteral("kind"), QStringLiteral("B")}}};
    QCOMPARE(YamlWriter::writeAll(objects), QByteArray("kind: A\n---\nkind: B\n"));
    QCOMPARE(YamlWriter::writeAll({}), QByteArray());
    const Result<QList<YamlDocument>> back = YamlReader::readAll(YamlWriter::writeAll(objects), QStringLiteral("w"));
    QVERIFY(back);
    QCOMPARE(back->size(), 2);
    QCOMPARE(back->at(1).value.toObject(), objects[1]);
}

void TestYamlWriter::fixturesRoundTrip_data()
{
    QTest::addColumn<QByteArray>("manifest");
    for (const char *name : {"deployment-service.yaml", "list.yaml", "podlist.json", "deployment.json", "anchors.yaml",
                             "empty-documents.yaml", "deployment-service.golden.yaml", "anchors.golden.yaml"})
        QTest::newRow(name) << fixture(name);
}

void TestYamlWriter::fixturesRoundTrip()
{
    QFETCH(QByteArray, manifest);
    const QList<QJsonObject> objects = objectsOf(manifest);
    QVERIFY(!objects.isEmpty());
    for (const QJsonObject &o : objects) {
        QByteArray yaml;
        QVERIFY2(roundTrips(o, &yaml), yaml.constData());
        // Printing is a fixed point: what was printed prints the same again.
        QCOMPARE(YamlWriter::write(*YamlReader::read(yaml, QStringLiteral("written"))), yaml);
    }
}

void TestYamlWriter::randomDocumentsRoundTrip()
{
    // Seeded random JSON built from the pieces that make YAML quoting hard.
    static const char *const pieces[] = {"a",
                                         "word",
                                         "Yes",
                                         "no",
                                         "null",
                                         "~",
                                         "8080",
                                         "1.5",
                                         "1e3",
                                         "0x1F",
                                         "2001-12-14",
                                         "1:20",
                                         "<<",
                                         "-",
                                         "- ",
                                         "---",
                                         "...",
                                         ":",
                                         ": ",
                                         "?",
                                         "? ",
                                         "#",
                                         " #",
                                         "*",
                                         "&",
                                         "!",
                                         "|",
                                         ">",
                                         "'",
                                         "\"",
                                         "%",
                                         "@",
                                         "`",
                                         "{",
                                         "}",
                                         "[",
                                         "]",
                                         ",",
                                         "\xC3\xA9",
                                         "\xF0\x9F\x98\x80",
                                         "\t",
                                         "\n",
                                         " ",
                                         "  ",
                                         "\\",
                                         "\xC2\xA0",
                                         "\xEF\xBB\xBF",
                                         "\xE6\x97\xA5",
                                         "it's",
                                         "$HOME",
                                         "=",
                                         "0",
                                         "-1",
                                         ".5",
                                         ".inf",
                                         "y",
                                         "on",
                                         "\r",
                                         "lorem ipsum dolor sit amet"};
    QRandomGenerator random(2024);
    const auto text = [&random]() {
        QByteArray s;
        const int n = int(random.bounded(8));
        for (int i = 0; i < n; ++i) {
            s += pieces[random.bounded(int(std::size(pieces)))];
            if (random.bounded(3) == 0)
                s += ' ';
        }
        if (random.bounded(10) == 0)
            s = QByteArray("lorem ipsum dolor: sit amet #consectetur ").repeated(int(1 + random.bounded(5)));
        return u8(s.constData());
    };
    const std::function<QJsonValue(int)> value = [&](int depth) -> QJsonValue {
        switch (depth > 4 ? 0 : random.bounded(6)) {
        case 1: {
            const double numbers[] = {0, -1, 42, 0.5, 1e-7, 1234567.5, 1e21, 9007199254740993.0, -0.0, 0.1};
            return numbers[random.bounded(int(std::size(numbers)))];
        }
        case 2:
            return random.bounded(2) == 0 ? QJsonValue(random.bounded(2) == 0) : QJsonValue();
        case 3: {
            QJsonObject o;
            for (int i = int(random.bounded(5)); i > 0; --i)
                o.insert(text(), value(depth + 1));
            return o;
        }
        case 4: {
            QJsonArray a;
            for (int i = int(random.bounded(5)); i > 0; --i)
                a.append(value(depth + 1));
            return a;
        }
        default:
            return text();
        }
    };
    for (int round = 0; round < 400; ++round) {
        QJsonObject o{{QStringLiteral("kind"), QStringLiteral("ConfigMap")}};
        for (int i = int(1 + random.bounded(5)); i > 0; --i)
            o.insert(text(), value(0));
        QByteArray yaml;
        QVERIFY2(roundTrips(o, &yaml), yaml.constData());
    }
}

QTEST_APPLESS_MAIN(TestYamlWriter)
#include "tst_yamlwriter.moc"
