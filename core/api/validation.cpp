// Entry points (dispatch by kind) and the helpers every validation file shares: field paths, typed
// reads, and the syntax checks of k8s.io/apimachinery/pkg/util/validation that names.h does not cover.
#include "validation.h"

#include "kinds.h"
#include "names.h"

#include <QRegularExpression>
#include <functional>

namespace tugboat::api {

namespace {

using Validate = std::function<FieldErrors(const Object &)>;
using ValidateUpdate = std::function<FieldErrors(const Object &, const Object &)>;

struct KindValidation {
    QLatin1String kind;
    Validate validate;
    ValidateUpdate validateUpdate; // includes validating the new object; metadata update rules are added
};

// New objects are fully validated on update too, as most of Kubernetes' ValidateXUpdate functions do.
FieldErrors validateAgain(const Object &newObj, const Object &, const Validate &validate)
{
    return validate(newObj);
}

const QList<KindValidation> &kindTable()
{
    static const QList<KindValidation> table = [] {
        auto plain = [](QLatin1String kind, FieldErrors (*fn)(const Object &)) {
            return KindValidation{kind, fn, [fn](const Object &n, const Object &o) { return validateAgain(n, o, fn); }};
        };
        return QList<KindValidation>{
            {QLatin1String("Pod"), validatePod, validatePodUpdate},
            {QLatin1String("ReplicaSet"), validateReplicaSet, validateReplicaSetUpdate},
            {QLatin1String("Deployment"), validateDeployment, validateDeploymentUpdate},
            {QLatin1String("Service"), validateService, validateServiceUpdate},
            plain(QLatin1String("Endpoints"), validateEndpoints),
            {QLatin1String("EndpointSlice"), validateEndpointSlice, validateEndpointSliceUpdate},
            {QLatin1String("ConfigMap"), validateConfigMap, validateConfigMapUpdate},
            {QLatin1String("Secret"), validateSecret, validateSecretUpdate},
            plain(QLatin1String("Namespace"), validateNamespace),
            {QLatin1String("Node"), validateNode, validateNodeUpdate},
            plain(QLatin1String("Event"), validateEvent),
            plain(QLatin1String("Lease"), validateLease),
        };
    }();
    return table;
}

const KindValidation *findKind(const QString &kind)
{
    for (const KindValidation &k : kindTable())
        if (k.kind == kind)
            return &k;
    return nullptr;
}

// The kind and apiVersion must name a kind Tugboat serves; an empty apiVersion is accepted (objects
// built in-process), a wrong one is not.
FieldErrors validateTypeMeta(const Object &obj, const KindValidation *&entry)
{
    entry = findKind(obj.kind());
    if (!entry) {
        QStringList kinds;
        for (const KindValidation &k : kindTable())
            kinds << k.kind;
        kinds.sort();
        if (obj.kind().isEmpty())
            return {FieldError::required(QStringLiteral("kind"))};
        return {FieldError::notSupported(QStringLiteral("kind"), obj.kind(), kinds)};
    }
    const auto info = Kinds::byKind(obj.kind());
    if (info && !obj.apiVersion().isEmpty() && obj.apiVersion() != info->apiVersion())
        return {FieldError::notSupported(QStringLiteral("apiVersion"), obj.apiVersion(), {info->apiVersion()})};
    return {};
}

Error invalidError(const Object &obj, FieldErrors errors)
{
    const auto info = Kinds::byKind(obj.kind());
    const QString kind = info ? info->qualifiedKind() : obj.kind();
    const QString name = obj.name().isEmpty() ? obj.generateName() : obj.name();
    return Error::invalid(kind, name, std::move(errors));
}

const QString kRegexUsed = QStringLiteral("regex used for validation is '%1'");

// Kubernetes' RegexError: "msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')". The double
// space is Kubernetes' own.
QString regexError(const QString &msg, const QString &fmt, const QStringList &examples)
{
    if (examples.isEmpty())
        return msg + QStringLiteral(" (") + kRegexUsed.arg(fmt) + QLatin1Char(')');
    QString out = msg + QStringLiteral(" (e.g. ");
    for (qsizetype i = 0; i < examples.size(); ++i) {
        if (i > 0)
            out += QStringLiteral(" or ");
        out += QLatin1Char('\'') + examples.at(i) + QStringLiteral("', ");
    }
    return out + kRegexUsed.arg(fmt) + QLatin1Char(')');
}

QString maxLenError(int length)
{
    return QStringLiteral("must be no more than %1 characters").arg(length);
}

bool fullMatch(const QRegularExpression &re, QStringView value)
{
    return re.match(value.toString()).hasMatch();
}

// Dotted quad; leading zeros are accepted, as netutils.ParseIPSloppy accepts them.
bool parseIpv4(QStringView s)
{
    const auto parts = s.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return false;
    for (QStringView p : parts) {
        if (p.isEmpty() || p.size() > 3)
            return false;
        for (QChar c : p)
            if (!c.isDigit() || c.unicode() > 127)
                return false;
        if (p.toInt() > 255)
            return false;
    }
    return true;
}

bool parseHexGroup(QStringView g)
{
    if (g.isEmpty() || g.size() > 4)
        return false;
    for (QChar c : g)
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f')) ||
              (c >= QLatin1Char('A') && c <= QLatin1Char('F'))))
            return false;
    return true;
}

// RFC 4291 text form: eight groups, "::" once for a run of zero groups, an IPv4 tail allowed.
bool parseIpv6(QStringView s)
{
    if (s.count(QStringLiteral("::")) > 1)
        return false;
    const qsizetype gap = s.indexOf(QStringLiteral("::"));
    auto groupsOf = [](QStringView part, bool allowV4Tail, int &count) {
        count = 0;
        if (part.isEmpty())
            return true;
        const auto groups = part.split(QLatin1Char(':'));
        for (qsizetype i = 0; i < groups.size(); ++i) {
            const bool last = i == groups.size() - 1;
            if (last && allowV4Tail && groups.at(i).contains(QLatin1Char('.'))) {
                if (!parseIpv4(groups.at(i)))
                    return false;
                count += 2;
                continue;
            }
            if (!parseHexGroup(groups.at(i)))
                return false;
            ++count;
        }
        return true;
    };
    int head = 0;
    int tail = 0;
    if (gap < 0) {
        if (!groupsOf(s, true, head))
            return false;
        return head == 8;
    }
    if (!groupsOf(s.left(gap), false, head) || !groupsOf(s.mid(gap + 2), true, tail))
        return false;
    return head + tail <= 7;
}

} // namespace

// ---- Entry points ---------------------------------------------------------------------------------

FieldErrors validateObject(const Object &obj)
{
    const KindValidation *entry = nullptr;
    FieldErrors errors = validateTypeMeta(obj, entry);
    if (!entry)
        return errors;
    return errors + entry->validate(obj);
}

FieldErrors validateUpdate(const Object &oldObj, const Object &newObj)
{
    const KindValidation *entry = nullptr;
    FieldErrors errors = validateTypeMeta(newObj, entry);
    if (!entry)
        return errors;
    errors += validateObjectMetaUpdate(newObj.metadata(), oldObj.metadata());
    return errors + entry->validateUpdate(newObj, oldObj);
}

Result<void> checkValid(const Object &obj)
{
    FieldErrors errors = validateObject(obj);
    if (errors.isEmpty())
        return {};
    return invalidError(obj, std::move(errors));
}

Result<void> checkValidUpdate(const Object &oldObj, const Object &newObj)
{
    FieldErrors errors = validateUpdate(oldObj, newObj);
    if (errors.isEmpty())
        return {};
    return invalidError(newObj, std::move(errors));
}

// ---- Paths and reads ------------------------------------------------------------------------------

QString childPath(const QString &parent, QAnyStringView child)
{
    if (parent.isEmpty())
        return child.toString();
    return parent + QLatin1Char('.') + child.toString();
}

QString indexPath(const QString &parent, qsizetype index)
{
    return parent + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString keyPath(const QString &parent, QAnyStringView key)
{
    return parent + QLatin1Char('[') + key.toString() + QLatin1Char(']');
}

bool FieldReader::has(QLatin1String key) const
{
    const QJsonValue v = m_object.value(key);
    return !v.isUndefined() && !v.isNull();
}

QJsonValue FieldReader::typed(QLatin1String key, QJsonValue::Type type, const char *expected) const
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined() || v.isNull())
        return QJsonValue::Undefined;
    if (v.type() != type) {
        m_errors << FieldError::invalid(path(key), v, QString::fromLatin1(expected));
        return QJsonValue::Undefined;
    }
    return v;
}

QString FieldReader::string(QLatin1String key) const
{
    return typed(key, QJsonValue::String, "must be a string").toString();
}

std::optional<qint64> FieldReader::integer(QLatin1String key) const
{
    const QJsonValue v = typed(key, QJsonValue::Double, "must be an integer");
    if (v.isUndefined())
        return std::nullopt;
    const double d = v.toDouble();
    if (d != static_cast<double>(static_cast<qint64>(d))) {
        m_errors << FieldError::invalid(path(key), v, QStringLiteral("must be an integer"));
        return std::nullopt;
    }
    return static_cast<qint64>(d);
}

std::optional<bool> FieldReader::boolean(QLatin1String key) const
{
    const QJsonValue v = typed(key, QJsonValue::Bool, "must be a boolean");
    if (v.isUndefined())
        return std::nullopt;
    return v.toBool();
}

std::optional<QJsonObject> FieldReader::object(QLatin1String key) const
{
    const QJsonValue v = typed(key, QJsonValue::Object, "must be an object");
    if (v.isUndefined())
        return std::nullopt;
    return v.toObject();
}

std::optional<QJsonArray> FieldReader::array(QLatin1String key) const
{
    const QJsonValue v = typed(key, QJsonValue::Array, "must be a list");
    if (v.isUndefined())
        return std::nullopt;
    return v.toArray();
}

std::optional<QJsonObject> FieldReader::stringMap(QLatin1String key) const
{
    std::optional<QJsonObject> map = object(key);
    if (!map)
        return std::nullopt;
    for (auto it = map->begin(); it != map->end(); ++it)
        if (!it.value().isString())
            m_errors << FieldError::invalid(keyPath(path(key), it.key()), it.value(),
                                            QStringLiteral("must be a string"));
    return map;
}

QStringList FieldReader::stringList(QLatin1String key) const
{
    QStringList out;
    const std::optional<QJsonArray> list = array(key);
    if (!list)
        return out;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QJsonValue v = list->at(i);
        if (!v.isString())
            m_errors << FieldError::invalid(indexPath(path(key), i), v, QStringLiteral("must be a string"));
        else
            out << v.toString();
    }
    return out;
}

// ---- Values ---------------------------------------------------------------------------------------

namespace {

// generateName may end with '-': Kubernetes validates it with the dash masked (maskTrailingDash).
QString maskTrailingDash(QStringView name)
{
    QString s = name.toString();
    if (s.size() > 1 && s.endsWith(QLatin1Char('-')))
        s[s.size() - 1] = QLatin1Char('a');
    return s;
}

} // namespace

QStringList nameIsDnsSubdomain(QStringView name, bool prefix)
{
    return isDns1123Subdomain(prefix ? maskTrailingDash(name) : name.toString());
}

QStringList nameIsDnsLabel(QStringView name, bool prefix)
{
    return isDns1123Label(prefix ? maskTrailingDash(name) : name.toString());
}

QStringList nameIsDns1035Label(QStringView name, bool prefix)
{
    return isDns1035Label(prefix ? maskTrailingDash(name) : name.toString());
}

QStringList isDns1035Label(QStringView value)
{
    static const QString fmt = QStringLiteral("[a-z]([-a-z0-9]*[a-z0-9])?");
    static const QRegularExpression re(QRegularExpression::anchoredPattern(fmt));
    QStringList errs;
    if (value.toUtf8().size() > 63)
        errs << maxLenError(63);
    if (!fullMatch(re, value))
        errs << regexError(QStringLiteral("a DNS-1035 label must consist of lower case alphanumeric characters or "
                                          "'-', start with an alphabetic character, and end with an "
                                          "alphanumeric character"),
                           fmt, {QStringLiteral("my-name"), QStringLiteral("abc-123")});
    return errs;
}

QStringList isConfigMapKey(QStringView value)
{
    static const QString fmt = QStringLiteral("[-._a-zA-Z0-9]+");
    static const QRegularExpression re(QRegularExpression::anchoredPattern(fmt));
    QStringList errs;
    if (value.toUtf8().size() > 253)
        errs << maxLenError(253);
    if (!fullMatch(re, value))
        errs << regexError(QStringLiteral("a valid config key must consist of alphanumeric characters, '-', '_' "
                                          "or '.'"),
                           fmt, {QStringLiteral("key.name"), QStringLiteral("KEY_NAME"), QStringLiteral("key-name")});
    if (value == QLatin1String("."))
        errs << QStringLiteral("must not be '.'");
    else if (value == QLatin1String(".."))
        errs << QStringLiteral("must not be '..'");
    else if (value.startsWith(QLatin1String("..")))
        errs << QStringLiteral("must not start with '..'");
    return errs;
}

QStringList isValidIp(QStringView value)
{
    if (parseIpv4(value) || parseIpv6(value))
        return {};
    return {QStringLiteral("must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")};
}

QStringList isValidCidr(QStringView value)
{
    const QStringList bad{QStringLiteral("must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")};
    const qsizetype slash = value.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return bad;
    const QStringView ip = value.left(slash);
    const QStringView bits = value.mid(slash + 1);
    bool ok = false;
    const int prefix = bits.toInt(&ok);
    if (!ok || bits.isEmpty() || bits.startsWith(QLatin1Char('+')) || bits.startsWith(QLatin1Char('-')))
        return bad;
    if (parseIpv4(ip))
        return prefix <= 32 ? QStringList() : bad;
    if (parseIpv6(ip))
        return prefix <= 128 ? QStringList() : bad;
    return bad;
}

QString inclusiveRangeError(qint64 lo, qint64 hi)
{
    return QStringLiteral("must be between %1 and %2, inclusive").arg(lo).arg(hi);
}

QStringList isValidPortNum(qint64 port)
{
    if (port >= 1 && port <= 65535)
        return {};
    return {inclusiveRangeError(1, 65535)};
}

QStringList isFullyQualifiedDomainName(QStringView value)
{
    QStringView name = value;
    if (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    if (const QStringList errs = isDns1123Subdomain(name); !errs.isEmpty())
        return {errs.join(QLatin1Char(','))};
    const auto labels = name.split(QLatin1Char('.'));
    if (labels.size() < 2)
        return {QStringLiteral("should be a domain with at least two segments separated by dots")};
    for (QStringView label : labels)
        if (const QStringList errs = isDns1123Label(label); !errs.isEmpty())
            return {errs.join(QLatin1Char(','))};
    return {};
}

QStringList isRelaxedEnvVarName(QStringView value)
{
    for (QChar c : value)
        if (c.unicode() < 0x20 || c.unicode() > 0x7e || c == QLatin1Char('='))
            return {QStringLiteral("a valid environment variable name must consist only of printable ASCII "
                                   "characters other than '='")};
    return {};
}

FieldErrors invalidEach(const QString &path, const QJsonValue &value, const QStringList &messages)
{
    FieldErrors errs;
    for (const QString &msg : messages)
        errs << FieldError::invalid(path, value, msg);
    return errs;
}

FieldErrors validateNonnegative(qint64 value, const QString &path)
{
    if (value >= 0)
        return {};
    return {FieldError::invalid(path, value, QStringLiteral("must be greater than or equal to 0"))};
}

FieldErrors validateDns1123Label(const QString &value, const QString &path)
{
    return invalidEach(path, value, isDns1123Label(value));
}

FieldErrors validateDns1123Subdomain(const QString &value, const QString &path)
{
    return invalidEach(path, value, isDns1123Subdomain(value));
}

FieldErrors validateQualifiedName(const QString &value, const QString &path)
{
    return invalidEach(path, value, isQualifiedName(value));
}

FieldErrors validatePortNumOrName(const QJsonValue &port, const QString &path)
{
    if (port.isString())
        return invalidEach(path, port, isValidPortName(port.toString()));
    if (port.isDouble() && port.toDouble() == static_cast<double>(port.toInteger()))
        return invalidEach(path, port.toInteger(), isValidPortNum(port.toInteger()));
    if (port.isUndefined() || port.isNull())
        return invalidEach(path, 0, isValidPortNum(0));
    return {FieldError::invalid(path, port, QStringLiteral("must be an integer or a port name"))};
}

namespace {

QString goQuote(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (QChar c : s) {
        switch (c.unicode()) {
        case '"':
            out += QStringLiteral("\\\"");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

} // namespace

QString goStringMap(const QJsonValue &map)
{
    if (!map.isObject())
        return QStringLiteral("map[string]string(nil)");
    const QJsonObject o = map.toObject();
    QStringList entries;
    for (auto it = o.begin(); it != o.end(); ++it) // QJsonObject iterates in key order, as Go prints maps
        entries << goQuote(it.key()) + QLatin1Char(':') + goQuote(it.value().toString());
    return QStringLiteral("map[string]string{") + entries.join(QStringLiteral(", ")) + QLatin1Char('}');
}

std::optional<IntOrPercent> parseIntOrPercent(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d != static_cast<double>(value.toInteger()))
            return std::nullopt;
        return IntOrPercent{value.toInteger(), false};
    }
    if (!value.isString())
        return std::nullopt;
    const QString s = value.toString();
    static const QRegularExpression percent(QRegularExpression::anchoredPattern(QStringLiteral("[0-9]+%")));
    if (!percent.match(s).hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 v = QStringView(s).chopped(1).toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return IntOrPercent{v, true};
}

qint64 scaledValue(const IntOrPercent &v, qint64 total, bool roundUp)
{
    if (!v.percent)
        return v.value;
    // 25% of 10: 250 / 100 = 2 remainder 50, so 3 rounded up and 2 rounded down.
    const qint64 product = v.value * total;
    const qint64 whole = product / 100;
    return (roundUp && product % 100 != 0) ? whole + 1 : whole;
}

FieldErrors validatePositiveIntOrPercent(const QJsonValue &value, const QString &path)
{
    if (value.isString()) {
        static const QString fmt = QStringLiteral("[0-9]+%");
        static const QRegularExpression re(QRegularExpression::anchoredPattern(fmt));
        if (fullMatch(re, value.toString()))
            return {};
        return {FieldError::invalid(path, value,
                                    regexError(QStringLiteral("a valid percent string must be a numeric string "
                                                              "followed by an ending '%'"),
                                               fmt, {QStringLiteral("1%"), QStringLiteral("93%")}))};
    }
    if (value.isDouble() && value.toDouble() == static_cast<double>(value.toInteger()))
        return validateNonnegative(value.toInteger(), path);
    return {FieldError::invalid(path, value, QStringLiteral("must be an integer or percentage (e.g '5%')"))};
}

} // namespace tugboat::api
