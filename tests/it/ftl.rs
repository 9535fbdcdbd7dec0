//! The variables of a Fluent message, read from its syntax tree: what the render and
//! typography tests give each message to render every variant of it.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

/// For one message (or `id.attr`): its variables, and the variant keys of those that select.
pub(crate) type Vars = BTreeMap<String, BTreeSet<String>>;

/// Adds the variables `p` reads (and the variant keys of those it selects on) to `out`.
pub(crate) fn collect_pattern(p: &ast::Pattern<&str>, out: &mut Vars) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            collect_expr(expression, out);
        }
    }
}

fn collect_expr(e: &ast::Expression<&str>, out: &mut Vars) {
    match e {
        ast::Expression::Select { selector, variants } => {
            collect_inline(selector, out);
            if let ast::InlineExpression::VariableReference { id } = selector {
                let keys = out.entry(id.name.to_owned()).or_default();
                for v in variants {
                    keys.insert(match &v.key {
                        ast::VariantKey::Identifier { name } => (*name).to_owned(),
                        ast::VariantKey::NumberLiteral { value } => (*value).to_owned(),
                    });
                }
            }
            for v in variants {
                collect_pattern(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => collect_inline(i, out),
    }
}

fn collect_inline(i: &ast::InlineExpression<&str>, out: &mut Vars) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.entry(id.name.to_owned()).or_default();
        }
        ast::InlineExpression::Placeable { expression } => collect_expr(expression, out),
        _ => {}
    }
}
