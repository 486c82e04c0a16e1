import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadContent } from '../../src/content/load';
import { CONTENT_DIR } from '../helpers/env';
import { contentErrorOf as errorOf, copyContent as copy, editFile as edit } from '../helpers/broken-content';

describe('content validation stops a broken file, naming file and field', () => {
  it('loads the real content', () => {
    expect(() => loadContent(CONTENT_DIR)).not.toThrow();
  });

  it('an article without sources', () => {
    const dir = copy();
    const file = path.join(dir, 'articles/vi/dv-basics-what-is-dv.md');
    edit(file, (s) => s.replace(/^sources:[\s\S]*?(?=^\w+:|^---)/m, 'sources: []\n'));
    const err = errorOf(dir);
    expect(err.message).toContain('articles/vi/dv-basics-what-is-dv.md');
    expect(err.field).toBe('sources');
  });

  it('an article with a topic that does not exist', () => {
    const dir = copy();
    edit(path.join(dir, 'articles/vi/ge-basics-stereotypes.md'), (s) => s.replace(/^topic: .*$/m, 'topic: ge-nonsense'));
    const err = errorOf(dir);
    expect(err.message).toMatch(/ge-basics-stereotypes\.md \(topic\): unknown topic "ge-nonsense"/);
  });

  it('an article quoting a directory number that is not verified', () => {
    const dir = copy();
    edit(path.join(dir, 'articles/vi/dv-basics-what-is-dv.md'), (s) => `${s}\nGọi {{phone:peace-house-hotline}}.\n`);
    expect(errorOf(dir).message).toMatch(/dv-basics-what-is-dv\.md \(body\): \{\{phone:peace-house-hotline\}\}: that number is not verified/);
  });

  it('broken YAML frontmatter', () => {
    const dir = copy();
    edit(path.join(dir, 'articles/en/dv-basics-what-is-dv.md'), (s) => s.replace(/^title: .*$/m, 'title: [unclosed'));
    const err = errorOf(dir);
    expect(err.message).toContain('articles/en/dv-basics-what-is-dv.md');
    expect(err.message).toContain('not valid YAML');
  });

  it('a directory entry with a malformed phone number', () => {
    const dir = copy();
    edit(path.join(dir, 'services.yaml'), (s) => s.replace(/phone: "113"/, 'phone: "11-3"'));
    expect(errorOf(dir).message).toMatch(/services\.yaml \(services\[\d+\] \(police-113\)\.phone\): must be digits/);
  });

  it('a quiz question with two correct options', () => {
    const dir = copy();
    const file = path.join(dir, 'quizzes/practice.yaml');
    const quiz = YAML.parse(fs.readFileSync(file, 'utf8')) as { rounds: Array<{ questions: Array<{ options: Array<{ correct?: boolean }> }> }> };
    quiz.rounds[0]!.questions[0]!.options.forEach((o) => (o.correct = true));
    fs.writeFileSync(file, YAML.stringify(quiz));
    const err = errorOf(dir);
    expect(err.message).toContain('quizzes/practice.yaml');
    expect(err.message).toMatch(/rounds\[0\] \(r1\)\.questions\[0\] \(pr-q01\)\.options\): needs exactly one option with correct: true/);
  });

  it('an interface string missing in one language', () => {
    const dir = copy();
    const file = path.join(dir, 'locales/en/menu.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    delete json.privacy;
    fs.writeFileSync(file, JSON.stringify(json));
    expect(errorOf(dir).message).toMatch(/locales\/en \(menu\.privacy\): key missing in English/);
  });

  it('a related link to nothing (related may name topics or articles)', () => {
    const dir = copy();
    const file = path.join(dir, 'articles/vi/emergency-in-danger-now.md');
    edit(file, (s) => s.replace(/^related: .*$/m, 'related: [dv-help, dv-help-shelter-trusted-address]'));
    expect(() => loadContent(dir)).not.toThrow();
    edit(file, (s) => s.replace(/^related: .*$/m, 'related: [dv-help, dv-help-no-such-article]')); // content-check: ignore
    const err = errorOf(dir);
    expect(err.message).toMatch(/emergency-in-danger-now\.md \(related\[1\]\): "dv-help-no-such-article" is neither a topic/); // content-check: ignore
  });

  it('a core article without its English version', () => {
    const dir = copy();
    fs.rmSync(path.join(dir, 'articles/en/dv-basics-what-is-dv.md'));
    expect(errorOf(dir).message).toMatch(/dv-basics-what-is-dv\.md \(core\): core article has no English version/);
  });
});
