// Name and label syntax checks: the verdicts and the messages of Kubernetes'
// k8s.io/apimachinery/pkg/util/validation, which validation code joins into field errors.
#include "api/names.h"

#include <QTest>

using namespace tugboat::api;

namespace {

// The regex messages, with Go's RegexError spacing ("'a',  or 'b'") kept as Kubernetes prints it.
const QString kSubdomain = QStringLiteral(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
const QString kLabel = QStringLiteral(
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
    "and "
    "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
const QString kQualifiedName = QStringLiteral(
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
const QString kLabelValue = QStringLiteral(
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
const QString kEnvVar = QStringLiteral(
    "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and "
    "must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for "
    "validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')");

QString maxLen(int n)
{
    return QStringLiteral("must be no more than %1 characters").arg(n);
}

void addColumns()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("errors");
}

void row(const char *name, const QString &value, const QStringList &errors = {})
{
    QTest::addRow("%s", name) << value << errors;
}

} // namespace

class NamesTest : public QObject {
    Q_OBJECT

private slots:
    void dns1123Subdomain_reportsKubernetesProblems_data();
    void dns1123Subdomain_reportsKubernetesProblems();
    void dns1123Label_reportsKubernetesProblems_data();
    void dns1123Label_reportsKubernetesProblems();
    void qualifiedName_reportsPrefixAndNameProblems_data();
    void qualifiedName_reportsPrefixAndNameProblems();
    void labelValue_allowsEmptyAndReportsKubernetesProblems_data();
    void labelValue_allowsEmptyAndReportsKubernetesProblems();
    void portName_followsIanaServiceNameRules_data();
    void portName_followsIanaServiceNameRules();
    void cIdentifier_appliesEnvVarNameRules_data();
    void cIdentifier_appliesEnvVarNameRules();
};

void NamesTest::dns1123Subdomain_reportsKubernetesProblems_data()
{
    addColumns();
    row("simple", QStringLiteral("web"));
    row("dotted", QStringLiteral("example.com"));
    row("digits and dashes", QStringLiteral("1-2.a-b"));
    row("253 characters", QString(253, QLatin1Char('a')));
    row("254 characters", QString(254, QLatin1Char('a')), {maxLen(253)});
    row("empty", QString(), {kSubdomain});
    row("upper case", QStringLiteral("Web"), {kSubdomain});
    row("underscore", QStringLiteral("my_app"), {kSubdomain});
    row("leading dash", QStringLiteral("-web"), {kSubdomain});
    row("trailing dot", QStringLiteral("web."), {kSubdomain});
    row("double dot", QStringLiteral("a..b"), {kSubdomain});
    row("too long and invalid", QString(254, QLatin1Char('A')), {maxLen(253), kSubdomain});
    row("non-ASCII counts bytes", QString(127, QChar(0xe9)), {maxLen(253), kSubdomain});
}

void NamesTest::dns1123Subdomain_reportsKubernetesProblems()
{
    QFETCH(QString, value);
    QFETCH(QStringList, errors);
    QCOMPARE(isDns1123Subdomain(value), errors);
}

void NamesTest::dns1123Label_reportsKubernetesProblems_data()
{
    addColumns();
    row("simple", QStringLiteral("default"));
    row("digits first", QStringLiteral("123-abc"));
    row("63 characters", QString(63, QLatin1Char('a')));
    row("64 characters", QString(64, QLatin1Char('a')), {maxLen(63)});
    row("empty", QString(), {kLabel});
    row("upper case", QStringLiteral("Default"), {kLabel});
    row("trailing dash", QStringLiteral("web-"), {kLabel});
    row("a subdomain has dots", QStringLiteral("my.name"), {QStringLiteral("must not contain dots")});
    row("long subdomain", QString(40, QLatin1Char('a')) + QLatin1Char('.') + QString(40, QLatin1Char('b')),
        {maxLen(63), QStringLiteral("must not contain dots")});
}

void NamesTest::dns1123Label_reportsKubernetesProblems()
{
    QFETCH(QString, value);
    QFETCH(QStringList, errors);
    QCOMPARE(isDns1123Label(value), errors);
}

void NamesTest::qualifiedName_reportsPrefixAndNameProblems_data()
{
    addColumns();
    const QString name = QStringLiteral("name part ");
    row("simple", QStringLiteral("app"));
    row("mixed", QStringLiteral("My_App.Name-1"));
    row("prefixed", QStringLiteral("app.kubernetes.io/name"));
    row("63 character name", QString(63, QLatin1Char('n')));
    row("64 character name", QString(64, QLatin1Char('n')), {name + maxLen(63)});
    row("empty", QString(), {name + QStringLiteral("must be non-empty"), name + kQualifiedName});
    row("leading dash", QStringLiteral("-app"), {name + kQualifiedName});
    row("trailing dot", QStringLiteral("app."), {name + kQualifiedName});
    row("colon", QStringLiteral("app:web"), {name + kQualifiedName});
    row("empty prefix", QStringLiteral("/app"), {QStringLiteral("prefix part must be non-empty")});
    row("upper-case prefix", QStringLiteral("Example.com/app"), {QStringLiteral("prefix part ") + kSubdomain});
    row("underscore in prefix (kubectl typo)", QStringLiteral("app.kubernetes_io/name"),
        {QStringLiteral("prefix part ") + kSubdomain});
    row("prefix without name", QStringLiteral("example.com/"),
        {name + QStringLiteral("must be non-empty"), name + kQualifiedName});
    row("two slashes", QStringLiteral("a/b/c"),
        {QStringLiteral("a qualified name ") + kQualifiedName +
         QStringLiteral(" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")});
}

void NamesTest::qualifiedName_reportsPrefixAndNameProblems()
{
    QFETCH(QString, value);
    QFETCH(QStringList, errors);
    QCOMPARE(isQualifiedName(value), errors);
}

void NamesTest::labelValue_allowsEmptyAndReportsKubernetesProblems_data()
{
    addColumns();
    row("empty is valid", QString());
    row("simple", QStringLiteral("web"));
    row("mixed", QStringLiteral("v1.2_rc-3"));
    row("63 characters", QString(63, QLatin1Char('v')));
    row("64 characters", QString(64, QLatin1Char('v')), {maxLen(63)});
    row("leading dash", QStringLiteral("-web"), {kLabelValue});
    row("slash", QStringLiteral("a/b"), {kLabelValue});
    row("space", QStringLiteral("a b"), {kLabelValue});
    row("too long and invalid", QString(64, QLatin1Char('-')), {maxLen(63), kLabelValue});
}

void NamesTest::labelValue_allowsEmptyAndReportsKubernetesProblems()
{
    QFETCH(QString, value);
    QFETCH(QStringList, errors);
    QCOMPARE(isValidLabelValue(value), errors);
}

void NamesTest::portName_followsIanaServiceNameRules_data()
{
    addColumns();
    const QString charset = QStringLiteral("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    const QString letter = QStringLiteral("must contain at least one letter (a-z)");
    const QString hyphens = QStringLiteral("must not contain consecutive hyphens");
    const QString ends = QStringLiteral("must not begin or end with a hyphen");
    row("http", QStringLiteral("http"));
    row("with digits and hyphen", QStringLiteral("metrics-9090"));
    row("15 characters", QString(15, QLatin1Char('p')));
    row("16 characters", QString(16, QLatin1Char('p')), {maxLen(15)});
    row("empty", QString(), {charset, letter});
    row("digits only", QStringLiteral("8080"), {letter});
    row("upper case", QStringLiteral("HTTP"), {charset, letter});
    row("underscore", QStringLiteral("my_port"), {charset});
    row("consecutive hyphens", QStringLiteral("a--b"), {hyphens});
    row("leading hyphen", QStringLiteral("-http"), {ends});
    row("everything wrong", QStringLiteral("--1234567890123--"), {maxLen(15), letter, hyphens, ends});
}

void NamesTest::portName_followsIanaServiceNameRules()
{
    QFETCH(QString, value);
    QFETCH(QStringList, errors);
    QCOMPARE(isValidPortName(value), errors);
}

void NamesTest::cIdentifier_appliesEnvVarNameRules_data()
{
    addColumns();
    row("upper snake", QStringLiteral("MY_VAR"));
    row("dots and dashes", QStringLiteral("my.env-name"));
    row("leading underscore", QStringLiteral("_x1"));
    row("leading dot", QStringLiteral(".x"));
    row("empty", QString(), {kEnvVar});
    row("leading digit", QStringLiteral("1X"), {kEnvVar});
    row("equals", QStringLiteral("A=B"), {kEnvVar});
    row("space", QStringLiteral("A B"), {kEnvVar});
    row("dot", QStringLiteral("."), {QStringLiteral("must not be '.'")});
    row("dot dot", QStringLiteral(".."), {QStringLiteral("must not be '..'")});
    row("dot dot prefix", QStringLiteral("..x"), {QStringLiteral("must not start with '..'")});
    row("dot dot prefix and invalid", QStringLiteral("..x y"), {kEnvVar, QStringLiteral("must not start with '..'")});
}

void NamesTest::cIdentifier_appliesEnvVarNameRules()
{
    QFETCH(QString, value);
    QFETCH(QStringList, errors);
    QCOMPARE(isCIdentifier(value), errors);
}

QTEST_APPLESS_MAIN(NamesTest)

#include "tst_names.moc"
