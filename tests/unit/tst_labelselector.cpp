// Label selectors: the string form parsed and rejected exactly as Kubernetes' labels.Parse does, the
// object form validated as metav1validation.ValidateLabelSelector does, canonical printing and
// matching.
#include "api/labelselector.h"

#include <QJsonDocument>
#include <QTest>

using namespace tugboat::api;

namespace {

// Kubernetes' regex messages, as IsQualifiedName and IsValidLabelValue word them.
const QString kNameRegex = QStringLiteral(
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
    "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
const QString kValueRegex = QStringLiteral(
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
    "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
const QString kSubdomainRegex = QStringLiteral(
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");

// "k=v,k2=v2" as a label set; "k" alone is a label with an empty value.
StringMap labels(const QString &text)
{
    StringMap m;
    for (const QString &pair : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        m.insert(eq < 0 ? pair : pair.left(eq), eq < 0 ? QString() : pair.mid(eq + 1));
    }
    return m;
}

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON %s: %s", text, qPrintable(error.errorString()));
    return doc.object();
}

QStringList messages(const FieldErrors &errors)
{
    QStringList out;
    for (const FieldError &e : errors)
        out << e.toString();
    return out;
}

LabelSelector parsed(const char *text)
{
    auto r = LabelSelector::parse(QString::fromUtf8(text));
    if (!r.ok())
        qFatal("test selector %s does not parse: %s", text, qPrintable(r.error().message()));
    return *r;
}

} // namespace

class LabelSelectorTest : public QObject {
    Q_OBJECT

private slots:
    void parse_acceptsKubernetesSyntaxAndPrintsCanonicalForm_data();
    void parse_acceptsKubernetesSyntaxAndPrintsCanonicalForm();
    void parse_keepsRequirementsSortedByKeyAndValuesAsSet();
    void parse_rejectsBadSyntaxWithKubernetesMessage_data();
    void parse_rejectsBadSyntaxWithKubernetesMessage();
    void parse_rejectsInvalidKeysAndValuesWithFieldErrorMessage_data();
    void parse_rejectsInvalidKeysAndValuesWithFieldErrorMessage();
    void parse_canonicalFormParsesBackToTheSameSelector_data();
    void parse_canonicalFormParsesBackToTheSameSelector();
    void matches_followsKubernetesRequirementSemantics_data();
    void matches_followsKubernetesRequirementSemantics();
    void everythingAndNothing_matchAllAndNone();
    void requirementToString_printsEachOperator_data();
    void requirementToString_printsEachOperator();
    void fromObject_buildsEquivalentSelector_data();
    void fromObject_buildsEquivalentSelector();
    void fromObject_emptyObjectMatchesEverything();
    void fromObject_rejectsInvalidSelectorWithFieldErrors_data();
    void fromObject_rejectsInvalidSelectorWithFieldErrors();
    void validateObject_reportsEveryErrorWithoutBuilding();
    void fromMatchLabels_requiresEveryLabel();
};

// --- String form ------------------------------------------------------------------------------------------

void LabelSelectorTest::parse_acceptsKubernetesSyntaxAndPrintsCanonicalForm_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    const auto row = [](const char *name, const char *in, const char *out) {
        QTest::addRow("%s", name) << QString::fromUtf8(in) << QString::fromUtf8(out);
    };
    row("empty", "", "");
    row("blank", " \t\r\n", "");
    row("equals", "x=a", "x=a");
    row("double equals prints as equals", "x==a", "x=a");
    row("not equals", "x!=a", "x!=a");
    row("empty value", "x=", "x=");
    row("empty value before comma", "x=,y=b", "x=,y=b");
    row("exists", "x", "x");
    row("does not exist", "!x", "!x");
    row("in", "x in (a,b)", "x in (a,b)");
    row("in without spaces", "x in(a)", "x in (a)");
    row("notin", "x notin (a)", "x notin (a)");
    row("notin without spaces", "x notin(a,b)", "x notin (a,b)");
    row("in with empty set", "x in ()", "x in ()");
    row("in with empty entry", "x in (a,,b)", "x in (,a,b)");
    row("in with leading comma", "x in (,a)", "x in (,a)");
    row("in with trailing comma", "x in (a,)", "x in (,a)");
    row("keywords as values", "x in (in,notin)", "x in (in,notin)");
    row("keyword as key", "in=a", "in=a");
    row("keyword as exact value", "x=notin", "x=notin");
    row("whitespace everywhere", " x = a , y != b ,\tz\tin\t( c ) ", "x=a,y!=b,z in (c)");
    row("sorted by key", "z=1,y,!x,w in (a)", "w in (a),!x,y,z=1");
    row("prefixed key", "example.com/app=web", "example.com/app=web");
    row("mixed case name", "App.Name_1=Val-ue.2", "App.Name_1=Val-ue.2");
    row("several requirements", "app=web,tier!=db,env in (prod,staging),!legacy",
        "app=web,env in (prod,staging),!legacy,tier!=db");
}

void LabelSelectorTest::parse_acceptsKubernetesSyntaxAndPrintsCanonicalForm()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    const auto r = LabelSelector::parse(input);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
    QCOMPARE(r->toString(), canonical);
    QVERIFY(!r->matchesNothing());
    QCOMPARE(r->matchesEverything(), canonical.isEmpty());
}

void LabelSelectorTest::parse_keepsRequirementsSortedByKeyAndValuesAsSet()
{
    const LabelSelector s = parsed("b in (z,y,z),a!=1,!c");
    const QList<LabelRequirement> expected{
        {QStringLiteral("a"), LabelRequirement::Op::NotEquals, {QStringLiteral("1")}},
        {QStringLiteral("b"), LabelRequirement::Op::In, {QStringLiteral("y"), QStringLiteral("z")}},
        {QStringLiteral("c"), LabelRequirement::Op::DoesNotExist, {}},
    };
    QCOMPARE(s.requirements().size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(s.requirements()[i] == expected[i], qPrintable(s.requirements()[i].toString()));
    // Requirements on the same key keep their written order.
    QCOMPARE(parsed("x!=b,x=a,!y,x").toString(), QStringLiteral("x!=b,x=a,x,!y"));
}

void LabelSelectorTest::parse_rejectsBadSyntaxWithKubernetesMessage_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const char *in, const char *message) {
        QTest::addRow("%s", name) << QString::fromUtf8(in) << QString::fromUtf8(message);
    };
    row("two values", "x=a b", "found 'b', expected: ',' or 'end of string'");
    row("operator after does-not-exist", "!x=a", "found '=', expected: ',' or 'end of string'");
    row("trailing comma", "x=a,", "found '', expected: identifier after ','");
    row("leading comma", ",x", "found ',', expected: !, identifier, or 'end of string'");
    row("double comma", "x,,y", "found ',', expected: identifier after ','");
    row("lone parenthesis", "(", "found '(', expected: !, identifier, or 'end of string'");
    row("missing operator", "x (a)", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
    row("upper-case IN", "env IN (a)",
        "unable to parse requirement: found 'IN', expected: in, notin, =, ==, !=, gt, lt");
    row("missing close of kubectl typo", "type=app,versionv1.0.1)",
        "unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt");
    row("in without parenthesis", "x in a", "unable to parse requirement: found 'a' expected: '('");
    row("in at end", "x in", "unable to parse requirement: found '' expected: '('");
    row("unclosed set", "x in (a", "unable to parse requirement: found '', expected: ',' or ')'");
    row("space in set", "x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'");
    row("operator in set", "x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier");
    row("operator after comma in set", "x in (a,=)",
        "unable to parse requirement: found '=', expected: ',', or identifier");
    row("set after equals", "x=(a)", "unable to parse requirement: found '(', expected: identifier");
    row("bang alone", "!", "unable to parse requirement: found '', expected: identifier");
    row("double bang", "!!x", "unable to parse requirement: found '!', expected: identifier");
    row("bang before operator", "!=x", "found '!=', expected: !, identifier, or 'end of string'");
    row("greater than", "x>1",
        "unable to parse requirement: operator '>' is not supported; supported operators: in, notin, =, ==, "
        "!=");
    row("less than", "x<1",
        "unable to parse requirement: operator '<' is not supported; supported operators: in, notin, =, ==, "
        "!=");
}

void LabelSelectorTest::parse_rejectsBadSyntaxWithKubernetesMessage()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    const auto r = LabelSelector::parse(input);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message(), message);
    QCOMPARE(r.error().code(), ErrorCode::BadRequest);
}

void LabelSelectorTest::parse_rejectsInvalidKeysAndValuesWithFieldErrorMessage_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    const QString prefix = QStringLiteral("unable to parse requirement: ");
    QTest::addRow("colon in key (kubectl -l app:monolith)")
        << QStringLiteral("app:monolith")
        << prefix + QStringLiteral("<nil>: Invalid value: \"app:monolith\": name part ") + kNameRegex;
    QTest::addRow("key starts with dash")
        << QStringLiteral("-x=a") << prefix + QStringLiteral("<nil>: Invalid value: \"-x\": name part ") + kNameRegex;
    QTest::addRow("key in does-not-exist")
        << QStringLiteral("!x_") << prefix + QStringLiteral("<nil>: Invalid value: \"x_\": name part ") + kNameRegex;
    QTest::addRow("two slashes in key")
        << QStringLiteral("a/b/c=x")
        << prefix + QStringLiteral("<nil>: Invalid value: \"a/b/c\": a qualified name ") + kNameRegex +
               QStringLiteral(" with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    QTest::addRow("upper-case prefix") << QStringLiteral("Example.com/x")
                                       << prefix +
                                              QStringLiteral("<nil>: Invalid value: \"Example.com/x\": prefix part ") +
                                              kSubdomainRegex;
    QTest::addRow("empty prefix and name")
        << QStringLiteral("/=a")
        << prefix +
               QStringLiteral("<nil>: Invalid value: \"/\": prefix part must be non-empty; name part must be "
                              "non-empty; name part ") +
               kNameRegex;
    QTest::addRow("key too long")
        << QString(64, QLatin1Char('k'))
        << prefix + QStringLiteral("<nil>: Invalid value: \"%1\": name part must be no more than 63 characters")
                        .arg(QString(64, QLatin1Char('k')));
    QTest::addRow("value starts with dash")
        << QStringLiteral("x=-a") << prefix + QStringLiteral("values[0][x]: Invalid value: \"-a\": ") + kValueRegex;
    QTest::addRow("value with braces (chaos selector)")
        << QStringLiteral("app=demo-{nginx}")
        << prefix + QStringLiteral("values[0][app]: Invalid value: \"demo-{nginx}\": ") + kValueRegex;
    QTest::addRow("value too long")
        << QStringLiteral("x!=") + QString(64, QLatin1Char('v'))
        << prefix + QStringLiteral("values[0][x]: Invalid value: \"%1\": must be no more than 63 characters")
                        .arg(QString(64, QLatin1Char('v')));
    QTest::addRow("two bad values, indexed in sorted order")
        << QStringLiteral("x in (z-,a,-b)")
        << prefix + QStringLiteral("[values[0][x]: Invalid value: \"-b\": ") + kValueRegex +
               QStringLiteral(", values[2][x]: Invalid value: \"z-\": ") + kValueRegex + QLatin1Char(']');
}

void LabelSelectorTest::parse_rejectsInvalidKeysAndValuesWithFieldErrorMessage()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    const auto r = LabelSelector::parse(input);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message(), message);
    QCOMPARE(r.error().code(), ErrorCode::BadRequest);
}

void LabelSelectorTest::parse_canonicalFormParsesBackToTheSameSelector_data()
{
    QTest::addColumn<QString>("input");
    for (const char *in : {"x=a", "x==a,y", "!x,y notin (b,a)", "x in (,a)", "x in ()", "a=,b!=", "z,y,x"})
        QTest::addRow("%s", in) << QString::fromUtf8(in);
}

void LabelSelectorTest::parse_canonicalFormParsesBackToTheSameSelector()
{
    QFETCH(QString, input);
    const LabelSelector first = parsed(qPrintable(input));
    const LabelSelector again = parsed(qPrintable(first.toString()));
    QVERIFY(again == first);
}

// --- Matching ---------------------------------------------------------------------------------------------

void LabelSelectorTest::matches_followsKubernetesRequirementSemantics_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("labelSet");
    QTest::addColumn<bool>("expected");
    const auto row = [](const char *selector, const char *labelSet, bool expected) {
        QTest::addRow("%s on {%s}", selector, labelSet)
            << QString::fromUtf8(selector) << QString::fromUtf8(labelSet) << expected;
    };
    row("", "", true);
    row("", "x=a", true);
    row("x=a", "x=a", true);
    row("x=a", "x=b", false);
    row("x=a", "", false);
    row("x=", "x", true);
    row("x=", "", false);
    row("x!=a", "x=b", true);
    row("x!=a", "x=a", false);
    row("x!=a", "", true); // a missing label is "not equal"
    row("x in (a,b)", "x=b", true);
    row("x in (a,b)", "x=c", false);
    row("x in (a,b)", "", false);
    row("x in ()", "x", true);
    row("x notin (a,b)", "x=c", true);
    row("x notin (a,b)", "x=a", false);
    row("x notin (a,b)", "", true); // a missing label is "not in"
    row("x", "x", true);
    row("x", "x=a", true);
    row("x", "y=a", false);
    row("!x", "y=a", true);
    row("!x", "x", false);
    row("x=a,y=b", "x=a,y=b,z=c", true);
    row("x=a,y=b", "x=a", false);
    row("x=a,x!=a", "x=a", false);
    row("app=web,env in (prod,staging),!legacy", "app=web,env=prod", true);
    row("app=web,env in (prod,staging),!legacy", "app=web,env=prod,legacy=true", false);
}

void LabelSelectorTest::matches_followsKubernetesRequirementSemantics()
{
    QFETCH(QString, selector);
    QFETCH(QString, labelSet);
    QFETCH(bool, expected);
    QCOMPARE(parsed(qPrintable(selector)).matches(labels(labelSet)), expected);
}

void LabelSelectorTest::everythingAndNothing_matchAllAndNone()
{
    const LabelSelector everything = LabelSelector::everything();
    QVERIFY(everything.matchesEverything());
    QVERIFY(!everything.matchesNothing());
    QVERIFY(everything.matches({}));
    QVERIFY(everything.matches(labels(QStringLiteral("x=a"))));
    QCOMPARE(everything.toString(), QString());
    QVERIFY(everything == LabelSelector());

    const LabelSelector nothing = LabelSelector::nothing();
    QVERIFY(nothing.matchesNothing());
    QVERIFY(!nothing.matchesEverything());
    QVERIFY(!nothing.matches({}));
    QVERIFY(!nothing.matches(labels(QStringLiteral("x=a"))));
    QCOMPARE(nothing.toString(), QString());
    QVERIFY(!(nothing == everything));
}

void LabelSelectorTest::requirementToString_printsEachOperator_data()
{
    using Op = LabelRequirement::Op;
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("op");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QString>("expected");
    QTest::addRow("equals") << "k" << int(Op::Equals) << QStringList{"v"} << "k=v";
    QTest::addRow("not equals") << "k" << int(Op::NotEquals) << QStringList{"v"} << "k!=v";
    QTest::addRow("in sorts values") << "k" << int(Op::In) << QStringList{"b", "a"} << "k in (a,b)";
    QTest::addRow("in keeps duplicates") << "k" << int(Op::In) << QStringList{"a", "a"} << "k in (a,a)";
    QTest::addRow("notin") << "k" << int(Op::NotIn) << QStringList{"a"} << "k notin (a)";
    QTest::addRow("exists") << "k" << int(Op::Exists) << QStringList{} << "k";
    QTest::addRow("does not exist") << "k" << int(Op::DoesNotExist) << QStringList{} << "!k";
}

void LabelSelectorTest::requirementToString_printsEachOperator()
{
    QFETCH(QString, key);
    QFETCH(int, op);
    QFETCH(QStringList, values);
    QFETCH(QString, expected);
    const LabelRequirement r{key, LabelRequirement::Op(op), values};
    QCOMPARE(r.toString(), expected);
}

// --- Object form ------------------------------------------------------------------------------------------

void LabelSelectorTest::fromObject_buildsEquivalentSelector_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QString>("canonical");
    const auto row = [](const char *name, const char *selector, const char *canonical) {
        QTest::addRow("%s", name) << QString::fromUtf8(selector) << QString::fromUtf8(canonical);
    };
    row("match labels", R"({"matchLabels":{"tier":"web","app":"shop"}})", "app=shop,tier=web");
    row("in", R"({"matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]}]})", "env in (dev,prod)");
    row("not in", R"({"matchExpressions":[{"key":"env","operator":"NotIn","values":["dev"]}]})", "env notin (dev)");
    row("exists", R"({"matchExpressions":[{"key":"gpu","operator":"Exists"}]})", "gpu");
    row("does not exist", R"({"matchExpressions":[{"key":"legacy","operator":"DoesNotExist","values":[]}]})",
        "!legacy");
    row("labels and expressions sorted together",
        R"({"matchLabels":{"b":"1"},"matchExpressions":[{"key":"a","operator":"Exists"},
            {"key":"c","operator":"In","values":["x"]}]})",
        "a,b=1,c in (x)");
    row("null members", R"({"matchLabels":null,"matchExpressions":null})", "");
    row("empty label value", R"({"matchLabels":{"app":""}})", "app=");
}

void LabelSelectorTest::fromObject_buildsEquivalentSelector()
{
    QFETCH(QString, selector);
    QFETCH(QString, canonical);
    const auto r = LabelSelector::fromObject(json(qPrintable(selector)), QStringLiteral("spec.selector"));
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
    QCOMPARE(r->toString(), canonical);
    QVERIFY(LabelSelector::validateObject(json(qPrintable(selector)), QStringLiteral("spec.selector")).isEmpty());
}

void LabelSelectorTest::fromObject_emptyObjectMatchesEverything()
{
    const auto r = LabelSelector::fromObject(QJsonObject());
    QVERIFY(r.ok());
    QVERIFY(r->matchesEverything());
    QVERIFY(r->matches(labels(QStringLiteral("any=thing"))));
    const auto shop = LabelSelector::fromObject(json(R"({"matchLabels":{"app":"shop"}})"));
    QVERIFY(shop.ok());
    QVERIFY(shop->matches(labels(QStringLiteral("app=shop,tier=web"))));
    QVERIFY(!shop->matches(labels(QStringLiteral("app=blog"))));
}

void LabelSelectorTest::fromObject_rejectsInvalidSelectorWithFieldErrors_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<QStringList>("errors");
    const QString p = QStringLiteral("spec.selector.");
    QTest::addRow("in without values")
        << R"({"matchExpressions":[{"key":"env","operator":"In"}]})"
        << QStringList{p + "matchExpressions[0].values: Required value: must be specified when `operator` is 'In' "
                           "or 'NotIn'"};
    QTest::addRow("notin with empty values")
        << R"({"matchExpressions":[{"key":"env","operator":"NotIn","values":[]}]})"
        << QStringList{p + "matchExpressions[0].values: Required value: must be specified when `operator` is 'In' "
                           "or 'NotIn'"};
    QTest::addRow("exists with values")
        << R"({"matchExpressions":[{"key":"env","operator":"Exists","values":["a"]}]})"
        << QStringList{p + "matchExpressions[0].values: Forbidden: may not be specified when `operator` is "
                           "'Exists' or 'DoesNotExist'"};
    QTest::addRow("unknown operator")
        << R"({"matchExpressions":[{"key":"env","operator":"Equals","values":["a"]}]})"
        << QStringList{p + "matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator"};
    QTest::addRow("lower-case operator")
        << R"({"matchExpressions":[{"key":"env","operator":"in","values":["a"]}]})"
        << QStringList{p + "matchExpressions[0].operator: Invalid value: \"in\": not a valid selector operator"};
    QTest::addRow("missing operator")
        << R"({"matchExpressions":[{"key":"env"}]})"
        << QStringList{p + "matchExpressions[0].operator: Invalid value: \"\": not a valid selector operator"};
    QTest::addRow("bad key and value in expression")
        << R"({"matchExpressions":[{"key":"-env","operator":"In","values":["ok","-bad"]}]})"
        << QStringList{p + "matchExpressions[0].key: Invalid value: \"-env\": name part " + kNameRegex,
                       p + "matchExpressions[0].values[1]: Invalid value: \"-bad\": " + kValueRegex};
    QTest::addRow("missing key") << R"({"matchExpressions":[{"operator":"Exists"}]})"
                                 << QStringList{
                                        p + "matchExpressions[0].key: Invalid value: \"\": name part must be non-empty",
                                        p + "matchExpressions[0].key: Invalid value: \"\": name part " + kNameRegex};
    QTest::addRow("bad label key and value")
        << R"({"matchLabels":{"a/b/c":"ok","app":"web!"}})"
        << QStringList{p + "matchLabels: Invalid value: \"a/b/c\": a qualified name " + kNameRegex +
                           " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                       p + "matchLabels: Invalid value: \"web!\": " + kValueRegex};
    QTest::addRow("errors of the second expression are indexed")
        << R"({"matchExpressions":[{"key":"ok","operator":"Exists"},{"key":"env","operator":"In"}]})"
        << QStringList{p + "matchExpressions[1].values: Required value: must be specified when `operator` is 'In' "
                           "or 'NotIn'"};
    QTest::addRow("wrong JSON types") << R"({"matchLabels":{"app":1},"matchExpressions":{}})"
                                      << QStringList{p + "matchLabels: Invalid value: 1: must be a string",
                                                     p + "matchExpressions: Invalid value: {}: must be an array"};
}

void LabelSelectorTest::fromObject_rejectsInvalidSelectorWithFieldErrors()
{
    QFETCH(QString, selector);
    QFETCH(QStringList, errors);
    const auto r = LabelSelector::fromObject(json(qPrintable(selector)), QStringLiteral("spec.selector"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code(), ErrorCode::Invalid);
    QCOMPARE(messages(r.error().causes()), errors);
    QCOMPARE(r.error().message(), errors.size() == 1
                                      ? errors.first()
                                      : QLatin1Char('[') + errors.join(QStringLiteral(", ")) + QLatin1Char(']'));
}

void LabelSelectorTest::validateObject_reportsEveryErrorWithoutBuilding()
{
    const QJsonObject selector = json(R"({"matchLabels":{"-a":"x"},
        "matchExpressions":[{"key":"b","operator":"Bogus"},{"key":"c","operator":"In"}]})");
    const QStringList expected{
        QStringLiteral("matchLabels: Invalid value: \"-a\": name part ") + kNameRegex,
        QStringLiteral("matchExpressions[0].operator: Invalid value: \"Bogus\": not a valid selector operator"),
        QStringLiteral("matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or "
                       "'NotIn'"),
    };
    QCOMPARE(messages(LabelSelector::validateObject(selector, QString())), expected);
    QCOMPARE(LabelSelector::validateObject(selector, QStringLiteral("spec.selector")).first().field,
             QStringLiteral("spec.selector.matchLabels"));
}

void LabelSelectorTest::fromMatchLabels_requiresEveryLabel()
{
    const LabelSelector s = LabelSelector::fromMatchLabels(labels(QStringLiteral("tier=web,app=shop")));
    QCOMPARE(s.toString(), QStringLiteral("app=shop,tier=web"));
    QVERIFY(s.matches(labels(QStringLiteral("app=shop,tier=web,extra=1"))));
    QVERIFY(!s.matches(labels(QStringLiteral("app=shop"))));
    QVERIFY(LabelSelector::fromMatchLabels({}).matchesEverything());
}

QTEST_APPLESS_MAIN(LabelSelectorTest)

#include "tst_labelselector.moc"
