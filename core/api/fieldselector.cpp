#include "fieldselector.h"

#include <algorithm>
#include <variant>

// Parsing follows Kubernetes' fields.ParseSelector (terms split on unescaped commas and sorted, each
// split at its first operator, values unescaped) and then the API server's per-kind field label
// conversion, which rejects what the kind cannot select on. Error strings are Kubernetes' own.

namespace tugboat::api {

namespace {

enum class ValueType { String, Bool, Int };

// A field the API server can select on, and where its value lives in the object's JSON. Absent values
// read as Kubernetes' zero values: "", "false", "0".
struct SelectableField {
    const char *kind; // "": every kind
    const char *name;
    const char *path; // dotted JSON path
    ValueType type = ValueType::String;
    const char *fallbackPath = nullptr; // read when `path` gives ""
};

// The selectable fields of Kubernetes' registries (ToSelectableFields / AddFieldLabelConversionFuncs).
// Every kind also gets metadata.name and metadata.namespace, even cluster-scoped ones (whose namespace
// reads as ""), which is slightly more lenient than Kubernetes' Node and Namespace conversions.
const SelectableField kSelectableFields[] = {
    {"", "metadata.name", "metadata.name"},
    {"", "metadata.namespace", "metadata.namespace"},

    {"Pod", "spec.nodeName", "spec.nodeName"},
    {"Pod", "spec.restartPolicy", "spec.restartPolicy"},
    {"Pod", "spec.schedulerName", "spec.schedulerName"},
    {"Pod", "spec.serviceAccountName", "spec.serviceAccountName"},
    {"Pod", "spec.hostNetwork", "spec.hostNetwork", ValueType::Bool},
    {"Pod", "status.phase", "status.phase"},
    {"Pod", "status.podIP", "status.podIP"},
    {"Pod", "status.nominatedNodeName", "status.nominatedNodeName"},

    {"Event", "involvedObject.kind", "involvedObject.kind"},
    {"Event", "involvedObject.namespace", "involvedObject.namespace"},
    {"Event", "involvedObject.name", "involvedObject.name"},
    {"Event", "involvedObject.uid", "involvedObject.uid"},
    {"Event", "involvedObject.apiVersion", "involvedObject.apiVersion"},
    {"Event", "involvedObject.resourceVersion", "involvedObject.resourceVersion"},
    {"Event", "involvedObject.fieldPath", "involvedObject.fieldPath"},
    {"Event", "reason", "reason"},
    {"Event", "reportingComponent", "reportingComponent"},
    // The reporting component stands in for events written through events.k8s.io, which have no source.
    {"Event", "source", "source.component", ValueType::String, "reportingComponent"},
    {"Event", "type", "type"},

    {"Node", "spec.unschedulable", "spec.unschedulable", ValueType::Bool},
    {"Secret", "type", "type"},
    {"Namespace", "status.phase", "status.phase"},
    {"ReplicaSet", "status.replicas", "status.replicas", ValueType::Int},
    {"ReplicationController", "status.replicas", "status.replicas", ValueType::Int},
    // Kubernetes' label is "successful" though the status field is "succeeded".
    {"Job", "status.successful", "status.succeeded", ValueType::Int},
};

const SelectableField *findField(const QString &kind, const QString &name)
{
    const auto it =
        std::find_if(std::begin(kSelectableFields), std::end(kSelectableFields), [&](const SelectableField &f) {
            return (!*f.kind || kind == QLatin1String(f.kind)) && name == QLatin1String(f.name);
        });
    return it == std::end(kSelectableFields) ? nullptr : it;
}

// The conversion step may rename a legacy label: old v1 clients send "spec.host" for pods.
QString convertFieldLabel(const QString &kind, const QString &field)
{
    if (kind == QLatin1String("Pod") && field == QLatin1String("spec.host"))
        return QStringLiteral("spec.nodeName");
    return field;
}

QString readValue(const Object &object, const char *path, ValueType type)
{
    const QJsonValue v = object.valueAt(QString::fromLatin1(path));
    switch (type) {
    case ValueType::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case ValueType::Int:
        return QString::number(v.toInteger());
    case ValueType::String:
        break;
    }
    return v.toString();
}

// The value an object shows for a selectable field. Objects of other kinds than the selector was
// parsed for still answer metadata fields, and read any other field at its dotted path.
QString fieldValue(const Object &object, const QString &field)
{
    const SelectableField *f = findField(object.kind(), field);
    if (!f)
        return object.valueAt(field).toString();
    QString value = readValue(object, f->path, f->type);
    if (value.isEmpty() && f->fallbackPath)
        value = readValue(object, f->fallbackPath, f->type);
    return value;
}

// fields.splitTerms: commas split terms unless escaped; the backslash stays for unescaping later.
QStringList splitTerms(QStringView selector)
{
    QStringList terms;
    if (selector.isEmpty())
        return terms;
    qsizetype start = 0;
    bool inSlash = false;
    for (qsizetype i = 0; i < selector.size(); ++i) {
        if (inSlash)
            inSlash = false;
        else if (selector[i] == QLatin1Char('\\'))
            inSlash = true;
        else if (selector[i] == QLatin1Char(',')) {
            terms << selector.mid(start, i - start).toString();
            start = i + 1;
        }
    }
    terms << selector.mid(start).toString();
    return terms;
}

struct Term {
    QString field;
    bool equals = true;
    QString rawValue;
};

// fields.splitTerm: the first operator in the term splits it; "==" is tried before "=" so that it
// does not leave a "=" on the value.
std::optional<Term> splitTerm(const QString &term)
{
    static const QLatin1String operators[] = {QLatin1String("!="), QLatin1String("=="), QLatin1String("=")};
    for (qsizetype i = 0; i < term.size(); ++i) {
        const QStringView rest = QStringView(term).mid(i);
        for (QLatin1String op : operators) {
            if (rest.startsWith(op))
                return Term{term.left(i), op != QLatin1String("!="), term.mid(i + op.size())};
        }
    }
    return std::nullopt;
}

// fields.UnescapeValue: "\\", "\," and "\=" are the only escapes; a bare "," or "=" is an error. Go
// prints the offending rune with %v, i.e. as its number ("unescaped character in value: 61" for "=").
std::variant<QString, Error> unescapeValue(const QString &raw)
{
    const auto fail = [](const QString &why) {
        return Error(ErrorCode::BadRequest, QStringLiteral("invalid field selector: ") + why);
    };
    QString value;
    bool inSlash = false;
    for (QChar c : raw) {
        if (inSlash) {
            if (c != QLatin1Char('\\') && c != QLatin1Char(',') && c != QLatin1Char('='))
                return fail(QStringLiteral("invalid escape sequence: \\") + c);
            value += c;
            inSlash = false;
        } else if (c == QLatin1Char('\\')) {
            inSlash = true;
        } else if (c == QLatin1Char(',') || c == QLatin1Char('=')) {
            return fail(QStringLiteral("unescaped character in value: %1").arg(c.unicode()));
        } else {
            value += c;
        }
    }
    if (inSlash)
        return fail(QStringLiteral("invalid escape sequence: \\"));
    return value;
}

// fields.EscapeValue, the inverse of unescapeValue.
QString escapeValue(QString value)
{
    return value.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char(','), QLatin1String("\\,"))
        .replace(QLatin1Char('='), QLatin1String("\\="));
}

// The syntax step of Kubernetes' ParseSelector: terms sorted, empty ones skipped.
std::variant<QList<FieldRequirement>, Error> parseTerms(QStringView selector)
{
    QStringList terms = splitTerms(selector);
    terms.sort();
    QList<FieldRequirement> requirements;
    for (const QString &text : std::as_const(terms)) {
        if (text.isEmpty())
            continue;
        const auto term = splitTerm(text);
        if (!term) {
            return Error(ErrorCode::BadRequest,
                         QStringLiteral("invalid selector: '%1'; can't understand '%2'").arg(selector, text));
        }
        auto value = unescapeValue(term->rawValue);
        if (value.index() == 1)
            return std::get<Error>(std::move(value));
        requirements << FieldRequirement{term->field, term->equals, std::get<QString>(std::move(value))};
    }
    return requirements;
}

} // namespace

Result<FieldSelector> FieldSelector::parse(QStringView text, const QString &kind)
{
    auto parsed = parseTerms(text);
    if (parsed.index() == 1)
        return std::get<Error>(std::move(parsed));
    FieldSelector s;
    s.m_requirements = std::get<QList<FieldRequirement>>(std::move(parsed));
    // The API server's conversion step, term by term in sorted order.
    for (FieldRequirement &r : s.m_requirements) {
        r.field = convertFieldLabel(kind, r.field);
        if (!findField(kind, r.field))
            return Error(ErrorCode::BadRequest, QStringLiteral("field label not supported: ") + r.field);
    }
    return s;
}

bool FieldSelector::supports(const QString &kind, const QString &field)
{
    return findField(kind, convertFieldLabel(kind, field)) != nullptr;
}

bool FieldSelector::matches(const Object &object) const
{
    return std::all_of(m_requirements.cbegin(), m_requirements.cend(),
                       [&](const FieldRequirement &r) { return (fieldValue(object, r.field) == r.value) == r.equals; });
}

std::optional<QString> FieldSelector::exactValue(const QString &field) const
{
    for (const FieldRequirement &r : m_requirements) {
        if (r.equals && r.field == field)
            return r.value;
    }
    return std::nullopt;
}

QString FieldSelector::toString() const
{
    QStringList terms;
    for (const FieldRequirement &r : m_requirements)
        terms << r.field + (r.equals ? QLatin1String("=") : QLatin1String("!=")) + escapeValue(r.value);
    return terms.join(QLatin1Char(','));
}

} // namespace tugboat::api
