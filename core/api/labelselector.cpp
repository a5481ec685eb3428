#include "labelselector.h"

#include "names.h"

#include <QJsonArray>
#include <algorithm>
#include <optional>
#include <variant>

// The string form is parsed by a port of Kubernetes' labels.Parse: the same lexer (tokens, whitespace,
// keyword-or-identifier rule), the same recursive descent and the same error strings, so that a
// selector Kubernetes rejects is rejected here with the message kubectl users already know.

namespace tugboat::api {

namespace {

using Op = LabelRequirement::Op;

// --- Lexer --------------------------------------------------------------------------------------------

enum class Token {
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
};

struct Item {
    Token token = Token::Error;
    QString literal;
};

// Kubernetes' string2token: every literal that is a token by itself.
std::optional<Token> literalToken(QStringView s)
{
    static const struct {
        const char16_t *text;
        Token token;
    } table[] = {
        {u")", Token::ClosedPar},     {u",", Token::Comma},    {u"!", Token::DoesNotExist},
        {u"==", Token::DoubleEquals}, {u"=", Token::Equals},   {u">", Token::GreaterThan},
        {u"in", Token::In},           {u"<", Token::LessThan}, {u"!=", Token::NotEquals},
        {u"notin", Token::NotIn},     {u"(", Token::OpenPar},
    };
    for (const auto &e : table) {
        if (s == QStringView(e.text))
            return e.token;
    }
    return std::nullopt;
}

bool isWhitespace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r') || c == QLatin1Char('\n');
}

bool isSpecialSymbol(QChar c)
{
    return QStringView(u"=!(),><").contains(c);
}

class Lexer {
public:
    explicit Lexer(QStringView text)
        : m_text(text)
    {}

    Item lex()
    {
        while (m_pos < m_text.size() && isWhitespace(m_text[m_pos]))
            ++m_pos;
        if (m_pos >= m_text.size())
            return {Token::EndOfString, {}};
        if (isSpecialSymbol(m_text[m_pos]))
            return scanSpecialSymbol();
        return scanIdentifierOrKeyword();
    }

private:
    // Identifiers run up to whitespace or a special symbol; "in" and "notin" are keywords.
    Item scanIdentifierOrKeyword()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && !isSpecialSymbol(m_text[m_pos]) && !isWhitespace(m_text[m_pos]))
            ++m_pos;
        const QString literal = m_text.mid(start, m_pos - start).toString();
        return {literalToken(literal).value_or(Token::Identifier), literal};
    }

    // The longest run of special symbols that is still a token: "!=" rather than "!", "=" then "(".
    Item scanSpecialSymbol()
    {
        Item last;
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && isSpecialSymbol(m_text[m_pos])) {
            const QStringView buffer = m_text.mid(start, m_pos - start + 1);
            if (const auto token = literalToken(buffer)) {
                last = {*token, buffer.toString()};
            } else if (last.token != Token::Error) {
                break;
            }
            ++m_pos;
        }
        if (last.token == Token::Error)
            return {Token::Error,
                    QStringLiteral("error expected: keyword found '%1'").arg(m_text.mid(start, m_pos - start))};
        m_pos = start + last.literal.size();
        return last;
    }

    QStringView m_text;
    qsizetype m_pos = 0;
};

// --- Parser -------------------------------------------------------------------------------------------

// Kubernetes reads "in" and "notin" as plain identifiers wherever a value is expected: "x in (in)".
enum class Context { KeyAndOperator, Values };

// Exception-free error plumbing: every parse step returns either its value or the message.
template <typename T> using Parsed = std::variant<T, QString>;

template <typename T> bool failed(const Parsed<T> &p)
{
    return p.index() == 1;
}

// "[a, b]" for several messages, the message itself for one, as Go's utilerrors.NewAggregate prints.
QString aggregate(const FieldErrors &errors)
{
    QStringList messages;
    for (const FieldError &e : errors) {
        const QString m = e.toString();
        if (!messages.contains(m))
            messages << m;
    }
    return messages.size() == 1 ? messages.first()
                                : QLatin1Char('[') + messages.join(QLatin1String(", ")) + QLatin1Char(']');
}

// labels.validateLabelKey: one Invalid error with every problem joined by "; ". `field` is "<nil>" in
// the string parser, as Go prints a nil field.Path.
std::optional<FieldError> labelKeyError(const QString &key, const QString &field)
{
    const QStringList problems = isQualifiedName(key);
    if (problems.isEmpty())
        return std::nullopt;
    return FieldError::invalid(field, key, problems.join(QLatin1String("; ")));
}

// labels.NewRequirement's value checks, once the operator has fixed the value count.
FieldErrors labelValueErrors(const LabelRequirement &r)
{
    FieldErrors errors;
    for (qsizetype i = 0; i < r.values.size(); ++i) {
        const QStringList problems = isValidLabelValue(r.values[i]);
        if (!problems.isEmpty()) {
            errors << FieldError::invalid(QStringLiteral("values[%1][%2]").arg(i).arg(r.key), r.values[i],
                                          problems.join(QLatin1String("; ")));
        }
    }
    return errors;
}

class Parser {
public:
    explicit Parser(QStringView text)
    {
        Lexer lexer(text);
        do {
            m_items << lexer.lex();
        } while (m_items.last().token != Token::EndOfString);
    }

    Parsed<QList<LabelRequirement>> parse();

private:
    // Past the end, both keep returning the end-of-string item.
    Item lookahead(Context context) const { return inContext(m_items[current()], context); }
    Item consume(Context context)
    {
        const qsizetype i = current();
        ++m_position;
        return inContext(m_items[i], context);
    }
    qsizetype current() const { return std::min(m_position, m_items.size() - 1); }

    static Item inContext(Item item, Context context)
    {
        if (context == Context::Values && (item.token == Token::In || item.token == Token::NotIn))
            item.token = Token::Identifier;
        return item;
    }

    Parsed<LabelRequirement> parseRequirement();
    Parsed<LabelRequirement> parseKeyAndInferOperator();
    Parsed<Op> parseOperator();
    Parsed<QStringList> parseValues();
    Parsed<QStringList> parseIdentifiersList();
    Parsed<QStringList> parseExactValue();

    QList<Item> m_items;
    qsizetype m_position = 0;
};

Parsed<QList<LabelRequirement>> Parser::parse()
{
    QList<LabelRequirement> requirements;
    for (;;) {
        const Item next = lookahead(Context::Values);
        if (next.token == Token::EndOfString)
            return requirements;
        if (next.token != Token::Identifier && next.token != Token::DoesNotExist)
            return QStringLiteral("found '%1', expected: !, identifier, or 'end of string'").arg(next.literal);
        auto r = parseRequirement();
        if (failed(r))
            return QStringLiteral("unable to parse requirement: ") + std::get<QString>(r);
        requirements << std::get<LabelRequirement>(std::move(r));
        const Item after = consume(Context::Values);
        if (after.token == Token::EndOfString)
            return requirements;
        if (after.token != Token::Comma)
            return QStringLiteral("found '%1', expected: ',' or 'end of string'").arg(after.literal);
        const Item following = lookahead(Context::Values);
        if (following.token != Token::Identifier && following.token != Token::DoesNotExist)
            return QStringLiteral("found '%1', expected: identifier after ','").arg(following.literal);
    }
}

Parsed<LabelRequirement> Parser::parseRequirement()
{
    auto keyed = parseKeyAndInferOperator();
    if (failed(keyed))
        return keyed;
    LabelRequirement r = std::get<LabelRequirement>(std::move(keyed));
    if (r.op != Op::Exists && r.op != Op::DoesNotExist) {
        const auto op = parseOperator();
        if (failed(op))
            return std::get<QString>(op);
        r.op = std::get<Op>(op);
        auto values = (r.op == Op::In || r.op == Op::NotIn) ? parseValues() : parseExactValue();
        if (failed(values))
            return std::get<QString>(values);
        r.values = std::get<QStringList>(std::move(values));
    }
    const FieldErrors errors = labelValueErrors(r);
    if (!errors.isEmpty())
        return aggregate(errors);
    return r;
}

// A key, with "!" before it for DoesNotExist, or alone (followed by "," or the end) for Exists. Any
// other requirement comes back with op Equals as a placeholder for parseOperator to replace.
Parsed<LabelRequirement> Parser::parseKeyAndInferOperator()
{
    LabelRequirement r;
    Item item = consume(Context::Values);
    const bool negated = item.token == Token::DoesNotExist;
    if (negated)
        item = consume(Context::Values);
    if (item.token != Token::Identifier)
        return QStringLiteral("found '%1', expected: identifier").arg(item.literal);
    if (const auto error = labelKeyError(item.literal, QStringLiteral("<nil>")))
        return error->toString();
    r.key = item.literal;
    const Token next = lookahead(Context::Values).token;
    if (negated)
        r.op = Op::DoesNotExist;
    else if (next == Token::EndOfString || next == Token::Comma)
        r.op = Op::Exists;
    return r;
}

Parsed<Op> Parser::parseOperator()
{
    const Item item = consume(Context::KeyAndOperator);
    switch (item.token) {
    case Token::In:
        return Op::In;
    case Token::NotIn:
        return Op::NotIn;
    case Token::Equals:
    case Token::DoubleEquals:
        return Op::Equals;
    case Token::NotEquals:
        return Op::NotEquals;
    case Token::GreaterThan:
    case Token::LessThan:
        // Kubernetes' Gt and Lt: Tugboat's selectors have no numeric comparison.
        return QStringLiteral("operator '%1' is not supported; supported operators: in, notin, =, ==, !=")
            .arg(item.literal);
    default:
        return QStringLiteral("found '%1', expected: in, notin, =, ==, !=, gt, lt").arg(item.literal);
    }
}

// Values as a set, as Kubernetes keeps them: sorted and without duplicates.
QStringList asSet(QStringList values)
{
    values.sort();
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

// "(" values ")", where "()" is the set of the empty string.
Parsed<QStringList> Parser::parseValues()
{
    Item item = consume(Context::Values);
    if (item.token != Token::OpenPar)
        return QStringLiteral("found '%1' expected: '('").arg(item.literal);
    item = lookahead(Context::Values);
    switch (item.token) {
    case Token::Identifier:
    case Token::Comma: {
        auto list = parseIdentifiersList();
        if (failed(list))
            return list;
        if (consume(Context::Values).token != Token::ClosedPar)
            return QStringLiteral("found '%1', expected: ')'").arg(item.literal);
        return list;
    }
    case Token::ClosedPar:
        consume(Context::Values);
        return QStringList{QString()};
    default:
        return QStringLiteral("found '%1', expected: ',', ')' or identifier").arg(item.literal);
    }
}

// A comma-separated list in which empty entries are the empty string: "(a,,b)", "(,a)", "(a,)".
Parsed<QStringList> Parser::parseIdentifiersList()
{
    QStringList values;
    for (;;) {
        const Item item = consume(Context::Values);
        if (item.token == Token::Identifier) {
            values << item.literal;
            const Item next = lookahead(Context::Values);
            if (next.token == Token::ClosedPar)
                return asSet(values);
            if (next.token != Token::Comma)
                return QStringLiteral("found '%1', expected: ',' or ')'").arg(next.literal);
        } else if (item.token == Token::Comma) {
            const Token next = lookahead(Context::Values).token;
            if (values.isEmpty() || next == Token::ClosedPar || next == Token::Comma)
                values << QString();
            if (next == Token::ClosedPar)
                return asSet(values);
        } else {
            return QStringLiteral("found '%1', expected: ',', or identifier").arg(item.literal);
        }
    }
}

// The one value of "=", "==" or "!="; nothing before "," or the end is the empty string.
Parsed<QStringList> Parser::parseExactValue()
{
    const Token next = lookahead(Context::Values).token;
    if (next == Token::EndOfString || next == Token::Comma)
        return QStringList{QString()};
    const Item item = consume(Context::Values);
    if (item.token == Token::Identifier)
        return QStringList{item.literal};
    return QStringLiteral("found '%1', expected: identifier").arg(item.literal);
}

void sortByKey(QList<LabelRequirement> &requirements)
{
    std::stable_sort(requirements.begin(), requirements.end(),
                     [](const LabelRequirement &a, const LabelRequirement &b) { return a.key < b.key; });
}

// --- Object form --------------------------------------------------------------------------------------

QString child(const QString &path, QLatin1String name)
{
    return path.isEmpty() ? QString(name) : path + QLatin1Char('.') + name;
}

QString indexed(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

std::optional<Op> objectOperator(const QString &name)
{
    if (name == QLatin1String("In"))
        return Op::In;
    if (name == QLatin1String("NotIn"))
        return Op::NotIn;
    if (name == QLatin1String("Exists"))
        return Op::Exists;
    if (name == QLatin1String("DoesNotExist"))
        return Op::DoesNotExist;
    return std::nullopt;
}

// metav1validation.ValidateLabelName: one error per problem.
void appendLabelNameErrors(FieldErrors &errors, const QString &name, const QString &field)
{
    for (const QString &problem : isQualifiedName(name))
        errors << FieldError::invalid(field, name, problem);
}

void appendLabelValueErrors(FieldErrors &errors, const QString &value, const QString &field)
{
    for (const QString &problem : isValidLabelValue(value))
        errors << FieldError::invalid(field, value, problem);
}

// metav1validation.ValidateLabels. Keys come in sorted order (Go visits its map in random order).
FieldErrors validateMatchLabels(const QJsonValue &matchLabels, const QString &path)
{
    FieldErrors errors;
    if (matchLabels.isUndefined() || matchLabels.isNull())
        return errors;
    if (!matchLabels.isObject())
        return {FieldError::invalid(path, matchLabels, QStringLiteral("must be an object of strings"))};
    const QJsonObject labels = matchLabels.toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        appendLabelNameErrors(errors, it.key(), path);
        if (!it.value().isString())
            errors << FieldError::invalid(path, it.value(), QStringLiteral("must be a string"));
        else
            appendLabelValueErrors(errors, it.value().toString(), path);
    }
    return errors;
}

// metav1validation.ValidateLabelSelectorRequirement, with the value checks newer Kubernetes applies
// to new objects.
FieldErrors validateExpression(const QJsonValue &expression, const QString &path)
{
    if (!expression.isObject())
        return {FieldError::invalid(path, expression, QStringLiteral("must be an object"))};
    const QJsonObject e = expression.toObject();
    const QJsonValue operatorValue = e.value(QLatin1String("operator"));
    const QJsonValue valuesValue = e.value(QLatin1String("values"));
    const QString valuesPath = child(path, QLatin1String("values"));
    const QJsonArray values = valuesValue.toArray();
    FieldErrors errors;
    if (!valuesValue.isUndefined() && !valuesValue.isNull() && !valuesValue.isArray())
        errors << FieldError::invalid(valuesPath, valuesValue, QStringLiteral("must be an array of strings"));

    const auto op = objectOperator(operatorValue.toString());
    if (!op) {
        errors << FieldError::invalid(child(path, QLatin1String("operator")),
                                      operatorValue.isUndefined() ? QJsonValue(QString()) : operatorValue,
                                      QStringLiteral("not a valid selector operator"));
    } else if ((*op == Op::In || *op == Op::NotIn) && values.isEmpty()) {
        errors << FieldError::required(valuesPath,
                                       QStringLiteral("must be specified when `operator` is 'In' or 'NotIn'"));
    } else if ((*op == Op::Exists || *op == Op::DoesNotExist) && !values.isEmpty()) {
        errors << FieldError::forbidden(
            valuesPath, QStringLiteral("may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    }
    const QJsonValue key = e.value(QLatin1String("key"));
    appendLabelNameErrors(errors, key.toString(), child(path, QLatin1String("key")));
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (!values[i].isString())
            errors << FieldError::invalid(indexed(valuesPath, i), values[i], QStringLiteral("must be a string"));
        else
            appendLabelValueErrors(errors, values[i].toString(), indexed(valuesPath, i));
    }
    return errors;
}

FieldErrors validateMatchExpressions(const QJsonValue &matchExpressions, const QString &path)
{
    if (matchExpressions.isUndefined() || matchExpressions.isNull())
        return {};
    if (!matchExpressions.isArray())
        return {FieldError::invalid(path, matchExpressions, QStringLiteral("must be an array"))};
    FieldErrors errors;
    const QJsonArray expressions = matchExpressions.toArray();
    for (qsizetype i = 0; i < expressions.size(); ++i)
        errors << validateExpression(expressions[i], indexed(path, i));
    return errors;
}

// Builds a requirement from an expression validateObject accepted.
LabelRequirement expressionRequirement(const QJsonObject &e)
{
    LabelRequirement r;
    r.key = e.value(QLatin1String("key")).toString();
    r.op = *objectOperator(e.value(QLatin1String("operator")).toString());
    for (const QJsonValue &v : e.value(QLatin1String("values")).toArray())
        r.values << v.toString();
    return r;
}

} // namespace

// --- LabelRequirement ---------------------------------------------------------------------------------

bool LabelRequirement::matches(const StringMap &labels) const
{
    const auto it = labels.constFind(key);
    const bool present = it != labels.constEnd();
    switch (op) {
    case Op::Equals:
    case Op::In:
        return present && values.contains(*it);
    case Op::NotEquals:
    case Op::NotIn:
        return !present || !values.contains(*it);
    case Op::Exists:
        return present;
    case Op::DoesNotExist:
        return !present;
    }
    return false;
}

QString LabelRequirement::toString() const
{
    // Several values print sorted, as Kubernetes prints them, duplicates and all.
    QStringList sorted = values;
    sorted.sort();
    const QString joined = sorted.join(QLatin1Char(','));
    switch (op) {
    case Op::Equals:
        return key + QLatin1Char('=') + joined;
    case Op::NotEquals:
        return key + QLatin1String("!=") + joined;
    case Op::In:
        return key + QLatin1String(" in (") + joined + QLatin1Char(')');
    case Op::NotIn:
        return key + QLatin1String(" notin (") + joined + QLatin1Char(')');
    case Op::Exists:
        return key;
    case Op::DoesNotExist:
        return QLatin1Char('!') + key;
    }
    return {};
}

// --- LabelSelector ------------------------------------------------------------------------------------

LabelSelector LabelSelector::nothing()
{
    LabelSelector s;
    s.m_nothing = true;
    return s;
}

Result<LabelSelector> LabelSelector::parse(QStringView text)
{
    auto parsed = Parser(text).parse();
    if (failed(parsed))
        return Error(ErrorCode::BadRequest, std::get<QString>(parsed));
    LabelSelector s;
    s.m_requirements = std::get<QList<LabelRequirement>>(std::move(parsed));
    sortByKey(s.m_requirements);
    return s;
}

FieldErrors LabelSelector::validateObject(const QJsonObject &selector, const QString &fieldPath)
{
    FieldErrors errors = validateMatchLabels(selector.value(QLatin1String("matchLabels")),
                                             child(fieldPath, QLatin1String("matchLabels")));
    errors << validateMatchExpressions(selector.value(QLatin1String("matchExpressions")),
                                       child(fieldPath, QLatin1String("matchExpressions")));
    return errors;
}

Result<LabelSelector> LabelSelector::fromObject(const QJsonObject &selector, const QString &fieldPath)
{
    FieldErrors errors = validateObject(selector, fieldPath);
    if (!errors.isEmpty()) {
        const QString message = aggregate(errors);
        return Error(ErrorCode::Invalid, message, std::move(errors));
    }
    LabelSelector s = fromMatchLabels(Object::stringMap(selector.value(QLatin1String("matchLabels")).toObject()));
    for (const QJsonValue &e : selector.value(QLatin1String("matchExpressions")).toArray())
        s.m_requirements << expressionRequirement(e.toObject());
    sortByKey(s.m_requirements);
    return s;
}

LabelSelector LabelSelector::fromMatchLabels(const StringMap &labels)
{
    LabelSelector s;
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
        s.m_requirements << LabelRequirement{it.key(), Op::Equals, {it.value()}};
    return s;
}

bool LabelSelector::matches(const StringMap &labels) const
{
    if (m_nothing)
        return false;
    return std::all_of(m_requirements.cbegin(), m_requirements.cend(),
                       [&](const LabelRequirement &r) { return r.matches(labels); });
}

QString LabelSelector::toString() const
{
    QStringList parts;
    for (const LabelRequirement &r : m_requirements)
        parts << r.toString();
    return parts.join(QLatin1Char(','));
}

} // namespace tugboat::api
