//! The plan of the generated crate: what Rust item each IR name becomes, and where it lives.
//!
//! Takes the linked [`Ir`] and gives a [`Plan`]: per namespace a module, per type a struct (with
//! its inherited properties flattened in), per base type with derived types a polymorphic `Any`
//! enum, per enum an enum, per "Possible values are" list on a string property an inline enum,
//! and per name the docs use but never define a JSON-value alias. Every identifier is handed out
//! here, through [`names`], in sorted order, so the plan is the same on every run.
//! Turning the plan into tokens is the `items` module's job.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diag::{codes, Diagnostic};
use crate::hierarchy::Hierarchy;
use crate::ir::{self, Ir};

use super::names::{self, Case, Namer};

/// What one IR name became.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemName {
    /// The namespace module it is re-exported from (`graph`).
    pub module: String,
    /// The Rust identifier (`CloudPcDeviceImage`).
    pub ident: String,
}

/// A property of a struct, after flattening the base chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The wire name (`osBuildNumber`).
    pub wire: String,
    /// The Rust field name (`os_build_number`).
    pub ident: String,
    /// The type, without the `Option` every field has.
    pub ty: FieldType,
    /// The description, as the docs wrote it.
    pub description: String,
    /// The qualified type that declares the property (a base type for inherited ones).
    pub declared_by: String,
    /// The docs mark the property deprecated (`#[deprecated]`).
    pub deprecated: bool,
}

/// The Rust type of a field or enum payload.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// An `Edm.` primitive, by its name.
    Primitive(String),
    /// A struct.
    Struct {
        /// The struct.
        name: ItemName,
        /// Held in a `Box`, because the field closes a cycle of single-valued fields.
        boxed: bool,
    },
    /// The polymorphic enum of a base type.
    Any(ItemName),
    /// An enum.
    Enum {
        /// The enum.
        name: ItemName,
        /// A flags enum, held as a set (`rt::Flags`).
        flags: bool,
    },
    /// A JSON-value alias for a name no page defines.
    Undefined(ItemName),
    /// A collection of the inner type.
    Collection(Box<FieldType>),
}

/// A struct for an entity or complex type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Its name.
    pub name: ItemName,
    /// The IR type.
    pub qualified: String,
    /// The type's description.
    pub description: String,
    /// Every property, inherited ones first, in the docs' order.
    pub fields: Vec<Field>,
    /// The field holding `@odata.type`, unless the docs list that property themselves.
    pub odata_type_field: Option<String>,
    /// The field holding properties the docs don't describe.
    pub additional_field: String,
}

/// The polymorphic enum of a base type with derived types.
#[derive(Debug, Clone, PartialEq)]
pub struct AnyEnum {
    /// Its name (`AnyDirectoryObject`).
    pub name: ItemName,
    /// The base type's qualified name.
    pub base: String,
    /// The base type's struct.
    pub base_struct: ItemName,
    /// The direct derived types, sorted: (qualified name, variant ident, payload).
    pub variants: Vec<(String, String, FieldType)>,
    /// The variant holding the base itself.
    pub base_variant: String,
    /// Types deeper in the hierarchy, reached through a variant holding a derived type's own
    /// polymorphic enum: (that variant's ident, the type's struct), for `From` impls.
    pub nested: Vec<(String, ItemName)>,
}

/// An enumeration with string members.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumPlan {
    /// Its name.
    pub name: ItemName,
    /// What the docs call it: the enum's qualified name, or `owner.property` for inline enums.
    pub wire_name: String,
    /// The description.
    pub description: String,
    /// Members: (wire name, variant ident, description).
    pub members: Vec<(String, String, String, bool)>,
    /// The catch-all variant keeping unknown members.
    pub unknown_variant: String,
}

/// A JSON-value alias for a name no page defines.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// Its name.
    pub name: ItemName,
    /// The qualified name the docs use.
    pub qualified: String,
    /// Where it is first used.
    pub first_use: ir::Source,
}

/// One file of a namespace module: an IR type, enum or undefined name, with what belongs to it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FilePlan {
    /// The file's module name (`cloud_pc_device_image`).
    pub module: String,
    /// The namespace.
    pub namespace: String,
    /// The struct, for a type's file.
    pub model: Option<Struct>,
    /// The polymorphic enum of the type, when it has derived types.
    pub any: Option<AnyEnum>,
    /// Enums: the named enum of an enum's file, or the inline enums of a type's properties.
    pub enums: Vec<EnumPlan>,
    /// The alias, for an undefined name's file.
    pub alias: Option<Alias>,
    /// The pages the file comes from.
    pub sources: Vec<String>,
    /// The item's description, for the file's header.
    pub summary: String,
}

/// The whole crate's plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Namespace module name -> namespace.
    pub modules: BTreeMap<String, String>,
    /// Files by (namespace module, file module).
    pub files: BTreeMap<(String, String), FilePlan>,
    /// What each defined or undefined qualified name becomes where it is used as a type: its
    /// struct (its polymorphic enum when it has derived types), enum or alias.
    pub named: BTreeMap<String, FieldType>,
}

impl Plan {
    /// The Rust type for a type reference outside the models (an operation's body or response):
    /// primitives map as in models; a name the plan doesn't know holds any JSON value.
    pub fn type_of(&self, type_ref: &ir::TypeRef, collection: bool) -> FieldType {
        let single = if type_ref.is_primitive() {
            FieldType::Primitive(type_ref.name.clone())
        } else {
            self.named.get(&type_ref.name).cloned().unwrap_or_else(|| FieldType::Primitive("Edm.Untyped".to_owned()))
        };
        if collection {
            FieldType::Collection(Box::new(single))
        } else {
            single
        }
    }
}

/// Plans the crate for `ir`, reporting names the docs use but never define.
pub fn plan(ir: &Ir, diagnostics: &mut Vec<Diagnostic>) -> Plan {
    Planner::new(ir).run(diagnostics)
}

/// The wire-like name of the catch-all variant that keeps members the docs don't list.
const UNKNOWN_MEMBER: &str = "unrecognized";

struct Planner<'ir> {
    types: BTreeMap<String, &'ir ir::Type>,
    /// Base chains, shared with lint and drift.
    hierarchy: Hierarchy<'ir>,
    enums: BTreeMap<String, &'ir ir::Enum>,
    /// Base -> direct derived types, sorted.
    children: BTreeMap<String, Vec<String>>,
    /// Flattened properties per type: (property, declaring type).
    flattened: BTreeMap<String, Vec<(Prop<'ir>, String)>>,
    names: BTreeMap<String, ItemName>,
    any_names: BTreeMap<String, ItemName>,
    inline_names: BTreeMap<(String, String), ItemName>,
    undefined: BTreeMap<String, (ItemName, ir::Source)>,
    modules: BTreeMap<String, String>,
    boxed: BTreeSet<(String, String)>,
}

/// A property or navigation property, as a field sees it.
#[derive(Debug, Clone, Copy)]
struct Prop<'ir> {
    name: &'ir str,
    type_: &'ir ir::TypeRef,
    collection: bool,
    description: &'ir str,
    inline_enum: &'ir [String],
    deprecated: bool,
    source: &'ir ir::Source,
}

impl<'ir> Planner<'ir> {
    fn new(ir: &'ir Ir) -> Planner<'ir> {
        let types: BTreeMap<String, &ir::Type> = ir.types.iter().map(|ty| (ty.qualified_name(), ty)).collect();
        let enums: BTreeMap<String, &ir::Enum> =
            ir.enums.iter().map(|en| (en.qualified_name(), en)).filter(|(name, _)| !types.contains_key(name)).collect();
        let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, ty) in &types {
            if let Some(base) = ty.base.as_ref().filter(|base| types.contains_key(&base.name)) {
                children.entry(base.name.clone()).or_default().push(name.clone());
            }
        }
        let mut planner = Planner {
            types,
            hierarchy: Hierarchy::new(ir),
            enums,
            children,
            flattened: BTreeMap::new(),
            names: BTreeMap::new(),
            any_names: BTreeMap::new(),
            inline_names: BTreeMap::new(),
            undefined: BTreeMap::new(),
            modules: BTreeMap::new(),
            boxed: BTreeSet::new(),
        };
        let flattened = planner.types.keys().map(|name| (name.clone(), planner.flatten(name))).collect();
        planner.flattened = flattened;
        planner
    }

    fn run(mut self, diagnostics: &mut Vec<Diagnostic>) -> Plan {
        self.name_items(diagnostics);
        self.find_cycles();
        let mut plan = Plan { modules: self.modules.clone(), files: BTreeMap::new(), named: BTreeMap::new() };
        for qualified in self.types.keys().chain(self.enums.keys()).chain(self.undefined.keys()) {
            let type_ref = ir::TypeRef::resolved(qualified);
            plan.named.insert(qualified.clone(), self.field_type("", &type_ref, false));
        }
        // A file module never takes the name of an item of its namespace (`_24` the type and
        // `_24` the module would clash when the one is re-exported beside the other).
        let mut file_namers: BTreeMap<String, Namer> = BTreeMap::new();
        let undefined = self.undefined.values().map(|(name, _)| name);
        for name in
            self.names.values().chain(self.any_names.values()).chain(self.inline_names.values()).chain(undefined)
        {
            file_namers.entry(name.module.clone()).or_insert_with(Namer::for_modules).reserve(&name.ident);
        }
        let mut file_of = |module: &str, name: &str| -> String {
            file_namers.entry(module.to_owned()).or_insert_with(Namer::for_modules).claim(name)
        };
        for (qualified, ty) in &self.types {
            let name = self.names[qualified].clone();
            let file = file_of(&name.module, &ty.name);
            let mut sources = vec![ty.source.file.to_string()];
            sources.extend(ty.also_defined_in.iter().map(|source| source.file.to_string()));
            let file_plan = FilePlan {
                module: file.clone(),
                namespace: ty.namespace.clone(),
                model: Some(self.plan_struct(qualified)),
                any: self.plan_any(qualified),
                enums: self.plan_inline_enums(qualified),
                alias: None,
                sources,
                summary: ty.description.clone(),
            };
            plan.files.insert((name.module.clone(), file), file_plan);
        }
        for (qualified, en) in &self.enums {
            let name = self.names[qualified].clone();
            let file = file_of(&name.module, &en.name);
            let members =
                en.members.iter().map(|member| (member.name.as_str(), member.description.as_str(), member.deprecated));
            let mut sources = vec![en.source.file.to_string()];
            sources.extend(en.also_defined_in.iter().map(|source| source.file.to_string()));
            let file_plan = FilePlan {
                module: file.clone(),
                namespace: en.namespace.clone(),
                enums: vec![plan_enum(name.clone(), qualified, "", members)],
                sources,
                ..FilePlan::default()
            };
            plan.files.insert((name.module.clone(), file), file_plan);
        }
        for (qualified, (name, first_use)) in &self.undefined {
            let file = file_of(&name.module, split_undefined(qualified).1);
            let namespace = plan.modules.get(&name.module).cloned().unwrap_or_default();
            let alias = Alias { name: name.clone(), qualified: qualified.clone(), first_use: first_use.clone() };
            let file_plan = FilePlan {
                module: file.clone(),
                namespace,
                alias: Some(alias),
                sources: vec![first_use.file.to_string()],
                ..FilePlan::default()
            };
            plan.files.insert((name.module.clone(), file), file_plan);
        }
        plan
    }

    /// The properties of `qualified` with those of its bases, root first. A property a derived
    /// type lists again keeps its place and takes the derived description and type.
    fn flatten(&self, qualified: &str) -> Vec<(Prop<'ir>, String)> {
        // The type, then its bases (a cycle is cut; the link stage reported it).
        let chain: Vec<(String, &'ir ir::Type)> = match self.types.get(qualified) {
            Some(&ty) => {
                std::iter::once(ty).chain(self.hierarchy.ancestors(ty)).map(|ty| (ty.qualified_name(), ty)).collect()
            }
            None => Vec::new(),
        };
        let mut fields: Vec<(Prop<'ir>, String)> = Vec::new();
        let mut field_at: HashMap<&'ir str, usize> = HashMap::new();
        for (owner, ty) in chain.into_iter().rev() {
            let properties = ty.properties.iter().map(|property| Prop {
                name: &property.name,
                type_: &property.type_,
                collection: property.collection,
                description: &property.description,
                inline_enum: &property.inline_enum,
                deprecated: property.deprecated,
                source: &property.source,
            });
            let navigation = ty.navigation.iter().map(|navigation| Prop {
                name: &navigation.name,
                type_: &navigation.type_,
                collection: navigation.collection,
                description: &navigation.description,
                inline_enum: &[],
                deprecated: false,
                source: &navigation.source,
            });
            for prop in properties.chain(navigation) {
                if prop.name.is_empty() {
                    continue;
                }
                match field_at.get(prop.name) {
                    Some(&at) => fields[at] = (prop, owner.clone()),
                    None => {
                        field_at.insert(prop.name, fields.len());
                        fields.push((prop, owner.clone()));
                    }
                }
            }
        }
        fields
    }

    /// Names every item, namespace by namespace: types and enums first, then polymorphic enums,
    /// inline enums and aliases, each group in sorted order.
    fn name_items(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        let mut module_namer = Namer::for_modules();
        let mut item_namers: BTreeMap<String, Namer> = BTreeMap::new();
        let mut namespaces: BTreeSet<String> = BTreeSet::new();
        namespaces.extend(self.types.values().map(|ty| ty.namespace.clone()));
        namespaces.extend(self.enums.values().map(|en| en.namespace.clone()));
        let undefined = self.undefined_names();
        namespaces.extend(undefined.keys().map(|qualified| split_undefined(qualified).0.to_owned()));
        let mut module_of: BTreeMap<String, String> = BTreeMap::new();
        for namespace in &namespaces {
            let module = module_namer.claim(&names::namespace_short_name(namespace));
            self.modules.insert(module.clone(), namespace.clone());
            module_of.insert(namespace.clone(), module);
        }
        let mut claim = |namespace: &str, name: &str| -> ItemName {
            let module = module_of[namespace].clone();
            let namer = item_namers.entry(module.clone()).or_insert_with(|| Namer::new(Case::UpperCamel));
            let ident = namer.claim(&names::unshadowed(names::type_ident(name), namespace));
            ItemName { module, ident }
        };
        let mut named: Vec<(&str, &str, &str)> = self
            .types
            .iter()
            .map(|(qualified, ty)| (qualified.as_str(), ty.namespace.as_str(), ty.name.as_str()))
            .chain(
                self.enums.iter().map(|(qualified, en)| (qualified.as_str(), en.namespace.as_str(), en.name.as_str())),
            )
            .collect();
        named.sort();
        for (qualified, namespace, name) in named {
            self.names.insert(qualified.to_owned(), claim(namespace, name));
        }
        for base in self.children.keys() {
            let ty = self.types[base];
            self.any_names.insert(base.clone(), claim(&ty.namespace, &format!("any {}", ty.name)));
        }
        for (owner, fields) in &self.flattened {
            for (prop, declared_by) in fields {
                if declared_by != owner || !wants_inline_enum(prop) {
                    continue;
                }
                let ty = self.types[owner];
                let name = claim(&ty.namespace, &format!("{} {}", ty.name, prop.name));
                self.inline_names.insert((owner.clone(), prop.name.to_owned()), name);
            }
        }
        for (qualified, first_use) in undefined {
            let (namespace, simple) = split_undefined(&qualified);
            let name = claim(namespace, simple);
            diagnostics.push(Diagnostic::new(
                codes::EMIT_UNDEFINED_TYPE,
                &first_use.file,
                first_use.line,
                format!(
                    "type \"{qualified}\" is not defined by any page; the generated crate holds its values as raw JSON (`{}::{}`)",
                    name.module, name.ident
                ),
            ));
            self.undefined.insert(qualified, (name, first_use));
        }
    }

    /// Names used in properties that no type or enum defines, with their first use.
    fn undefined_names(&self) -> BTreeMap<String, ir::Source> {
        let mut undefined: BTreeMap<String, ir::Source> = BTreeMap::new();
        for fields in self.flattened.values() {
            for (prop, _) in fields {
                let name = &prop.type_.name;
                let known = self.types.contains_key(name) || self.enums.contains_key(name);
                if prop.type_.is_primitive() || known || name.trim().is_empty() {
                    continue;
                }
                let entry = undefined.entry(name.clone()).or_insert_with(|| prop.source.clone());
                if (&prop.source.file, prop.source.line) < (&entry.file, entry.line) {
                    *entry = prop.source.clone();
                }
            }
        }
        undefined
    }

    /// Marks the single-valued struct fields that close a cycle (Tarjan's strongly connected
    /// components over single-valued struct fields); those fields are boxed.
    fn find_cycles(&mut self) {
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (owner, fields) in &self.flattened {
            let targets = edges.entry(owner.as_str()).or_default();
            for (prop, _) in fields {
                let name = prop.type_.name.as_str();
                if !prop.collection && self.types.contains_key(name) && !self.children.contains_key(name) {
                    targets.push(name);
                }
            }
        }
        let components = strongly_connected(&edges);
        for (owner, targets) in &edges {
            for target in targets {
                if components.get(owner) == components.get(target) {
                    self.boxed.insert(((*owner).to_owned(), (*target).to_owned()));
                }
            }
        }
    }

    fn plan_struct(&self, qualified: &str) -> Struct {
        let mut fields = Vec::new();
        let mut namer = Namer::new(Case::Snake);
        for (prop, declared_by) in &self.flattened[qualified] {
            let ident = namer.claim(prop.name);
            let inline = self.inline_names.get(&(declared_by.clone(), prop.name.to_owned()));
            let ty = match inline {
                Some(name) if wants_inline_enum(prop) => {
                    let inner = FieldType::Enum { name: name.clone(), flags: false };
                    if prop.collection {
                        FieldType::Collection(Box::new(inner))
                    } else {
                        inner
                    }
                }
                _ => self.field_type(qualified, prop.type_, prop.collection),
            };
            fields.push(Field {
                wire: prop.name.to_owned(),
                ident,
                ty,
                description: prop.description.to_owned(),
                declared_by: declared_by.clone(),
                deprecated: prop.deprecated,
            });
        }
        let odata_type_field =
            (!fields.iter().any(|field| field.wire == "@odata.type")).then(|| namer.claim("@odata.type"));
        let additional_field = namer.claim("additionalProperties");
        Struct {
            name: self.names[qualified].clone(),
            qualified: qualified.to_owned(),
            description: self.types[qualified].description.clone(),
            fields,
            odata_type_field,
            additional_field,
        }
    }

    fn field_type(&self, owner: &str, type_ref: &ir::TypeRef, collection: bool) -> FieldType {
        let name = &type_ref.name;
        let single = if type_ref.is_primitive() {
            FieldType::Primitive(name.clone())
        } else if name.trim().is_empty() {
            // A property without a type (extract reported it) holds any JSON value.
            FieldType::Primitive("Edm.Untyped".to_owned())
        } else if let Some(any) = self.any_names.get(name) {
            FieldType::Any(any.clone())
        } else if self.types.contains_key(name) {
            let boxed = !collection && self.boxed.contains(&(owner.to_owned(), name.clone()));
            FieldType::Struct { name: self.names[name].clone(), boxed }
        } else if let Some(en) = self.enums.get(name) {
            FieldType::Enum { name: self.names[name].clone(), flags: en.flags }
        } else {
            let (alias, _) = &self.undefined[name];
            FieldType::Undefined(alias.clone())
        };
        if collection {
            FieldType::Collection(Box::new(single))
        } else {
            single
        }
    }

    fn plan_any(&self, base: &str) -> Option<AnyEnum> {
        let children = self.children.get(base)?;
        let mut namer = Namer::new(Case::UpperCamel);
        let base_ty = self.types[base];
        let base_variant = namer.claim(&base_ty.name);
        let variants: Vec<(String, String, FieldType)> = children
            .iter()
            .map(|child| {
                let ident = namer.claim(&self.types[child].name);
                let payload = match self.any_names.get(child) {
                    Some(any) => FieldType::Any(any.clone()),
                    None => FieldType::Struct { name: self.names[child].clone(), boxed: true },
                };
                (child.clone(), ident, payload)
            })
            .collect();
        let nested = variants
            .iter()
            .filter(|(_, _, payload)| matches!(payload, FieldType::Any(_)))
            .flat_map(|(child, ident, _)| {
                self.descendants(child).into_iter().map(|descendant| (ident.clone(), self.names[descendant].clone()))
            })
            .collect();
        Some(AnyEnum {
            name: self.any_names[base].clone(),
            base: base.to_owned(),
            base_struct: self.names[base].clone(),
            variants,
            base_variant,
            nested,
        })
    }

    /// `base` and every type derived from it, directly or not, level by level.
    fn descendants<'s>(&'s self, base: &'s str) -> Vec<&'s str> {
        let mut found = vec![base];
        let mut seen: BTreeSet<&str> = BTreeSet::from([base]);
        let mut next = 0;
        while let Some(current) = found.get(next).copied() {
            next += 1;
            let children = self.children.get(current).into_iter().flatten().map(String::as_str);
            found.extend(children.filter(|child| seen.insert(child)));
        }
        found
    }

    fn plan_inline_enums(&self, owner: &str) -> Vec<EnumPlan> {
        let mut enums = Vec::new();
        for (prop, declared_by) in &self.flattened[owner] {
            if declared_by != owner {
                continue;
            }
            if let Some(name) = self.inline_names.get(&(owner.to_owned(), prop.name.to_owned())) {
                let members = prop.inline_enum.iter().map(|member| (member.as_str(), "", false));
                let wire_name = format!("{owner}.{}", prop.name);
                let simple = owner.rsplit('.').next().unwrap_or(owner);
                let description =
                    format!("The values of `{}` on `{simple}`, as its description lists them.", prop.name);
                enums.push(plan_enum(name.clone(), &wire_name, &description, members));
            }
        }
        enums
    }
}

/// A string property with a "Possible values are" list and no named enum gets an inline enum.
fn wants_inline_enum(prop: &Prop<'_>) -> bool {
    prop.type_.name == "Edm.String" && !prop.inline_enum.is_empty()
}

fn plan_enum<'a>(
    name: ItemName,
    wire_name: &str,
    description: &str,
    members: impl Iterator<Item = (&'a str, &'a str, bool)>,
) -> EnumPlan {
    let mut namer = Namer::new(Case::UpperCamel);
    // The catch-all is claimed first, so it has the same name in every enum.
    let unknown_variant = namer.claim(UNKNOWN_MEMBER);
    let mut seen = BTreeSet::new();
    let mut planned = Vec::new();
    for (member, member_description, deprecated) in members {
        if member.is_empty() || !seen.insert(member) {
            continue;
        }
        planned.push((member.to_owned(), namer.claim(member), member_description.to_owned(), deprecated));
    }
    EnumPlan {
        name,
        wire_name: wire_name.to_owned(),
        description: description.to_owned(),
        members: planned,
        unknown_variant,
    }
}

/// The namespace and simple name of a name no page defines. Names that are not dotted
/// identifiers (a cell holding a sentence, `a or b`) go to `microsoft.graph` whole.
fn split_undefined(qualified: &str) -> (&str, &str) {
    let identifier = |segment: &str| {
        segment.chars().next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
            && segment.chars().all(|symbol| symbol.is_ascii_alphanumeric() || symbol == '_')
    };
    match qualified.rsplit_once('.') {
        Some((namespace, simple)) if qualified.split('.').all(identifier) => (namespace, simple),
        _ => (DEFAULT_NAMESPACE, qualified),
    }
}

/// Where names without a usable namespace go.
const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// Tarjan's algorithm, iterative: node -> component index.
fn strongly_connected<'a>(edges: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeMap<&'a str, usize> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut low: BTreeMap<&str, usize> = BTreeMap::new();
    let mut on_stack: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut component: BTreeMap<&str, usize> = BTreeMap::new();
    let mut n_components = 0;
    for &root in edges.keys() {
        if index.contains_key(root) {
            continue;
        }
        // Each frame: the node and how many of its edges were walked.
        let mut frames: Vec<(&str, usize)> = vec![(root, 0)];
        while let Some(&(node, next_edge)) = frames.last() {
            if next_edge == 0 && !index.contains_key(node) {
                let order = index.len();
                index.insert(node, order);
                low.insert(node, order);
                stack.push(node);
                on_stack.insert(node);
            }
            let targets = edges.get(node).map_or(&[][..], Vec::as_slice);
            if let Some(&target) = targets.get(next_edge) {
                if let Some(frame) = frames.last_mut() {
                    frame.1 += 1;
                }
                if !index.contains_key(target) {
                    frames.push((target, 0));
                } else if on_stack.contains(target) {
                    let lowest = low[node].min(index[target]);
                    low.insert(node, lowest);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                let lowest = low[parent].min(low[node]);
                low.insert(parent, lowest);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.insert(member, n_components);
                    if member == node {
                        break;
                    }
                }
                n_components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[test]
    fn undefined_names_split_only_when_dotted_identifiers() {
        let cases = [
            ("microsoft.graph.numeric", ("microsoft.graph", "numeric")),
            ("NAV.PostalAddress", ("NAV", "PostalAddress")),
            ("Moment in time.  DateTimeOffset", ("microsoft.graph", "Moment in time.  DateTimeOffset")),
            ("a or b", ("microsoft.graph", "a or b")),
        ];
        for (qualified, expected) in cases {
            assert_eq!(super::split_undefined(qualified), expected, "for {qualified:?}");
        }
    }

    #[test]
    fn cycles_are_found_and_chains_are_not() {
        let edges: BTreeMap<&str, Vec<&str>> =
            [("a", vec!["b"]), ("b", vec!["c", "a"]), ("c", vec!["d"]), ("d", vec![]), ("e", vec!["e"])].into();
        let components = super::strongly_connected(&edges);
        assert_eq!(components["a"], components["b"]);
        assert_ne!(components["b"], components["c"]);
        assert_ne!(components["c"], components["d"]);
        assert!(components.contains_key("e"));
    }
}
