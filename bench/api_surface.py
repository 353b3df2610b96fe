#!/usr/bin/env python3
"""Checks a generated crate's public API for signature mistakes and prints the figures.

Reads the API a crate records in docgen-ir.json (`docgen generate ... --out DIR`, then
`bench/api_surface.py DIR/docgen-ir.json`) and counts what issue 15 called mistakes: functions that
take `consistency_level`, `list`s that do not return a page, updates and creates that take a body
struct of their own instead of the resource, `_2`-style counters, `get`s that return a page; and
prints the longest fully qualified function path. Run by hand; nothing here asserts.
"""
import json,sys,re,collections
text=open(sys.argv[1]).read()
rec=json.loads(text)
api=rec['api']
fns=[x for x in api if x['kind']=='function']
print('functions',len(fns),'items',len(api))
def name(p): return p.rsplit('::',1)[1]
c=collections.Counter()
ex=collections.defaultdict(list)
for f in fns:
    n=name(f['path']); ret=f['returns']; req=f['request']; params=[t for _,t in f['params']]
    pnames=[p for p,_ in f['params']]
    method=req.split(' ')[0]
    if 'consistency_level' in pnames: c['takes consistency_level']+=1; ex['takes consistency_level'].append(f['path'])
    if n=='list' and 'Collection<' not in ret and 'Primitive<Vec' not in ret: c['list not returning a page']+=1; ex['list not returning a page'].append((f['path'],ret))
    if method=='PATCH' and any(re.search(r'Body$',t) for t in params): c['update taking a Body struct']+=1; ex['update taking a Body struct'].append(f['path'])
    if method=='POST' and n=='create' and any(re.search(r'Body$',t) for t in params): c['create taking a Body struct']+=1; ex['create taking a Body struct'].append(f['path'])
    if re.search(r'_\d+$',n): c['counter suffix']+=1; ex['counter suffix'].append(f['path'])
    if method=='GET' and n=='get' and 'Collection<' in ret: c['get returning a page']+=1; ex['get returning a page'].append(f['path'])
    if method=='GET' and 'ep::Bytes' in ret and not req.endswith('$value') and 'content' not in req.lower(): c['GET returning bytes (no documented type)']+=1
    if '?' in req: c['query in request']+=1
for k,v in c.items(): print(v,k, ex[k][:3])
L=max(fns,key=lambda f: len(f['path']))
print('longest', len(L['path']), L['path'])
lengths=sorted(len(f['path']) for f in fns)
print('median path length', lengths[len(lengths)//2])
