#include "names.h"

#include <QRegularExpression>
#include <algorithm>
#include <initializer_list>

namespace tugboat::api {

namespace {

// The patterns are Kubernetes' own; they are quoted in the messages, so they stay as strings here.
const QLatin1String kQualifiedNameFmt("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
const QLatin1String kQualifiedNameErrMsg("must consist of alphanumeric characters, '-', '_' or '.', and must "
                                         "start and end with an alphanumeric character");
const QLatin1String kLabelValueFmt("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
const QLatin1String kLabelValueErrMsg("a valid label must be an empty string or consist of alphanumeric "
                                      "characters, '-', '_' or '.', and must start and end with an "
                                      "alphanumeric character");
const QLatin1String kDns1123LabelFmt("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
const QLatin1String kDns1123LabelErrMsg("a lowercase RFC 1123 label must consist of lower case alphanumeric "
                                        "characters or '-', and must start and end with an alphanumeric "
                                        "character");
const QLatin1String kDns1123SubdomainFmt("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
const QLatin1String kDns1123SubdomainErrMsg("a lowercase RFC 1123 subdomain must consist of lower case "
                                            "alphanumeric characters, '-' or '.', and must start and end "
                                            "with an alphanumeric character");
const QLatin1String kPortNameCharsetFmt("[-a-z0-9]+");
const QLatin1String kEnvVarNameFmt("[-._a-zA-Z][-._a-zA-Z0-9]*");
const QLatin1String kEnvVarNameErrMsg("a valid environment variable name must consist of alphabetic "
                                      "characters, digits, '_', '-', or '.', and must not start with a digit");

constexpr int kQualifiedNameMaxLength = 63;
constexpr int kLabelValueMaxLength = 63;
constexpr int kDns1123LabelMaxLength = 63;
constexpr int kDns1123SubdomainMaxLength = 253;
constexpr int kPortNameMaxLength = 15;

// Whole-string match, as Go's "^...$" patterns are written. Compiled once; QRegularExpression is safe
// to share between threads for matching.
QRegularExpression anchored(QLatin1String fmt)
{
    QRegularExpression re(QRegularExpression::anchoredPattern(fmt));
    re.optimize();
    return re;
}

const QRegularExpression kQualifiedNameRe = anchored(kQualifiedNameFmt);
const QRegularExpression kLabelValueRe = anchored(kLabelValueFmt);
const QRegularExpression kDns1123LabelRe = anchored(kDns1123LabelFmt);
const QRegularExpression kDns1123SubdomainRe = anchored(kDns1123SubdomainFmt);
const QRegularExpression kPortNameCharsetRe = anchored(kPortNameCharsetFmt);
const QRegularExpression kEnvVarNameRe = anchored(kEnvVarNameFmt);

bool fullMatch(const QRegularExpression &re, QStringView value)
{
    return re.match(value).hasMatch();
}

bool isLowerAscii(QChar c)
{
    return c >= QLatin1Char('a') && c <= QLatin1Char('z');
}

// Go's len(): bytes of the UTF-8 encoding.
qsizetype byteLength(QStringView value)
{
    return value.toUtf8().size();
}

QString maxLenError(int length)
{
    return QStringLiteral("must be no more than %1 characters").arg(length);
}

QString emptyError()
{
    return QStringLiteral("must be non-empty");
}

// validation.RegexError: "<msg> (e.g. 'a',  or 'b', regex used for validation is '<fmt>')", with Go's
// doubled space before "or" kept, since clients match these strings.
QString regexError(QLatin1String msg, QLatin1String fmt, std::initializer_list<const char *> examples)
{
    QStringList quoted;
    for (const char *e : examples)
        quoted << QLatin1Char('\'') + QLatin1String(e) + QLatin1Char('\'');
    return QString(msg) + QLatin1String(" (e.g. ") + quoted.join(QLatin1String(",  or ")) +
           QLatin1String(", regex used for validation is '") + fmt + QLatin1String("')");
}

QStringList prefixEach(QStringList msgs, const QString &prefix)
{
    for (QString &m : msgs)
        m.prepend(prefix);
    return msgs;
}

} // namespace

QStringList isDns1123Subdomain(QStringView value)
{
    QStringList errs;
    if (byteLength(value) > kDns1123SubdomainMaxLength)
        errs << maxLenError(kDns1123SubdomainMaxLength);
    if (!fullMatch(kDns1123SubdomainRe, value))
        errs << regexError(kDns1123SubdomainErrMsg, kDns1123SubdomainFmt, {"example.com"});
    return errs;
}

QStringList isDns1123Label(QStringView value)
{
    QStringList errs;
    if (byteLength(value) > kDns1123LabelMaxLength)
        errs << maxLenError(kDns1123LabelMaxLength);
    if (!fullMatch(kDns1123LabelRe, value)) {
        // A valid subdomain that is not a valid label can only be failing on its dots.
        if (fullMatch(kDns1123SubdomainRe, value))
            errs << QStringLiteral("must not contain dots");
        else
            errs << regexError(kDns1123LabelErrMsg, kDns1123LabelFmt, {"my-name", "123-abc"});
    }
    return errs;
}

QStringList isQualifiedName(QStringView value)
{
    QStringList errs;
    const QList<QStringView> parts = value.split(QLatin1Char('/'));
    QStringView name;
    if (parts.size() == 1) {
        name = parts[0];
    } else if (parts.size() == 2) {
        const QStringView prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty())
            errs << QLatin1String("prefix part ") + emptyError();
        else
            errs << prefixEach(isDns1123Subdomain(prefix), QStringLiteral("prefix part "));
    } else {
        return {QLatin1String("a qualified name ") +
                regexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}) +
                QLatin1String(" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")};
    }
    if (name.isEmpty())
        errs << QLatin1String("name part ") + emptyError();
    else if (byteLength(name) > kQualifiedNameMaxLength)
        errs << QLatin1String("name part ") + maxLenError(kQualifiedNameMaxLength);
    if (!fullMatch(kQualifiedNameRe, name))
        errs << QLatin1String("name part ") +
                    regexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"});
    return errs;
}

QStringList isValidLabelValue(QStringView value)
{
    QStringList errs;
    if (byteLength(value) > kLabelValueMaxLength)
        errs << maxLenError(kLabelValueMaxLength);
    if (!fullMatch(kLabelValueRe, value))
        errs << regexError(kLabelValueErrMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"});
    return errs;
}

QStringList isValidPortName(QStringView value)
{
    QStringList errs;
    if (byteLength(value) > kPortNameMaxLength)
        errs << maxLenError(kPortNameMaxLength);
    if (!fullMatch(kPortNameCharsetRe, value))
        errs << QStringLiteral("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    if (std::none_of(value.begin(), value.end(), isLowerAscii))
        errs << QStringLiteral("must contain at least one letter (a-z)");
    if (value.contains(QLatin1String("--")))
        errs << QStringLiteral("must not contain consecutive hyphens");
    if (!value.isEmpty() && (value.front() == QLatin1Char('-') || value.back() == QLatin1Char('-')))
        errs << QStringLiteral("must not begin or end with a hyphen");
    return errs;
}

QStringList isCIdentifier(QStringView value)
{
    QStringList errs;
    if (!fullMatch(kEnvVarNameRe, value))
        errs << regexError(kEnvVarNameErrMsg, kEnvVarNameFmt, {"my.env-name", "MY_ENV.NAME", "MyEnvName1"});
    // hasChDirPrefix: names that would read as a relative path.
    if (value == QLatin1String("."))
        errs << QStringLiteral("must not be '.'");
    else if (value == QLatin1String(".."))
        errs << QStringLiteral("must not be '..'");
    else if (value.startsWith(QLatin1String("..")))
        errs << QStringLiteral("must not start with '..'");
    return errs;
}

} // namespace tugboat::api
