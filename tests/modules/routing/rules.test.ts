import { describe, expect, it } from 'vitest';
import { keywordMatches, ruleMatches } from '../../../src/modules/routing/rules.js';
import type { DirectoryRule, RoutableInquiry, RuleConditions } from '../../../src/modules/routing/routing.types.js';

function rule(conditions: RuleConditions): DirectoryRule {
  return { id: 'rule-1', name: 'Test rule', position: 0, enabled: true, conditions, officeCode: 'china', contactId: null };
}

function inquiry(over: Partial<RoutableInquiry> = {}): RoutableInquiry {
  return {
    country: 'MY',
    language: 'en',
    topic: 'education',
    outletType: 'broadcast',
    subject: 'Question about the child poverty report',
    deadline: null,
    articleContactIds: [],
    ...over,
  };
}

describe('ruleMatches: each condition kind', () => {
  it.each<[string, RuleConditions, Partial<RoutableInquiry>, boolean]>([
    ['empty conditions match everything', {}, {}, true],
    ['empty lists are no condition', { countries: [], languages: [], topics: [], outletTypes: [], keywords: [] }, {}, true],
    ['a list of blank keywords is no condition', { keywords: ['', '  '] }, {}, true],
    ['country in the list', { countries: ['CN', 'MY'] }, {}, true],
    ['country not in the list', { countries: ['CN'] }, {}, false],
    ['countries compare upper-case ISO codes (rule lower-case)', { countries: ['my'] }, {}, true],
    ['countries compare upper-case ISO codes (inquiry lower-case)', { countries: ['MY'] }, { country: 'my' }, true],
    ['language in the list', { languages: ['zh', 'en'] }, {}, true],
    ['language not in the list', { languages: ['zh'] }, {}, false],
    ['topic in the list', { topics: ['health', 'education'] }, {}, true],
    ['topic not in the list', { topics: ['health'] }, {}, false],
    ['a topic condition never matches an inquiry without a topic', { topics: ['health'] }, { topic: null }, false],
    ['outlet type in the list', { outletTypes: ['broadcast'] }, {}, true],
    ['outlet type not in the list', { outletTypes: ['print'] }, {}, false],
    ['an outlet-type condition never matches an inquiry without one', { outletTypes: ['print'] }, { outletType: null }, false],
    ['any one keyword is enough', { keywords: ['vaccine', 'poverty'] }, {}, true],
    ['no keyword in the subject', { keywords: ['vaccine'] }, {}, false],
  ])('%s', (_label, conditions, over, expected) => {
    expect(ruleMatches(rule(conditions), inquiry(over))).toBe(expected);
  });

  it.each<[string, RuleConditions, boolean]>([
    ['all kinds match → match', { countries: ['MY'], languages: ['en'], topics: ['education'], outletTypes: ['broadcast'], keywords: ['poverty'] }, true],
    ['one kind fails (country) → no match', { countries: ['CN'], languages: ['en'], keywords: ['poverty'] }, false],
    ['one kind fails (keyword) → no match', { countries: ['MY'], languages: ['en'], keywords: ['vaccine'] }, false],
    ['one kind fails (language) → no match', { countries: ['MY'], languages: ['zh'] }, false],
  ])('AND across kinds: %s', (_label, conditions, expected) => {
    expect(ruleMatches(rule(conditions), inquiry())).toBe(expected);
  });
});

describe('keywordMatches: whole words and phrases, case-insensitive, Unicode-aware', () => {
  it.each([
    ['same word, other case', 'Poverty', 'Child POVERTY rates', true],
    ['a word inside a longer word does not match', 'art', 'The article on partnerships', false],
    ['a word at the very start and end', 'report', 'report', true],
    ['a word before punctuation', 'report', 'About the report?', true],
    ['a phrase with any spacing', 'child poverty', 'On child   poverty in Sabah', true],
    ['a phrase in another order does not match', 'child poverty', 'poverty of a child', false],
    ['a phrase is not matched inside words', 'child pov', 'child poverty', false],
    ['regex characters are literal', 'covid-19 (update)', 'Any covid-19 (update) today?', true],
    ['a dot is not a wildcard', 'u.s.', 'the usa', false],
    ['accented letters are letters: no match inside a word', 'educa', 'educação para todos', false],
    ['accented words match whole, any case', 'ÉDUCATION', "L'éducation des filles", true],
    ['Malay word', 'banjir', 'Soalan tentang Banjir di Kelantan', true],
    ['Malay word inside a longer word does not match', 'anak', 'kanak-kanak', false],
    ['Chinese keyword as a substring (no spaces in Chinese)', '儿童', '关于中国儿童营养的报告', true],
    ['Chinese keyword not present', '疫苗', '关于中国儿童营养的报告', false],
    ['a Latin word embedded in Chinese text matches', 'UNICEF', '联合国儿童基金会UNICEF中国办事处', true],
    ['a Latin word is still not matched inside a Latin word in Chinese text', 'UNICEF', '关于UNICEFs的报告', false],
    ['a mixed Latin and Chinese keyword', 'UNICEF中国', '关于 UNICEF中国办事处', true],
    ['a mixed keyword whose Latin edge runs into a Latin word', 'UNICEF中国', '关于 XUNICEF中国办事处', false],
    ['full-width Latin is folded (NFKC)', 'unicef', 'ＵＮＩＣＥＦ statement', true],
    ['a blank keyword matches nothing', '   ', 'anything', false],
  ])('%s', (_label, keyword, subject, expected) => {
    expect(keywordMatches(keyword, subject)).toBe(expected);
  });

  it('uses the rule keywords against the subject only', () => {
    const r = rule({ keywords: ['vaccine'] });
    expect(ruleMatches(r, inquiry({ subject: 'Vaccine coverage' }))).toBe(true);
    expect(ruleMatches(r, inquiry({ subject: 'Coverage', topic: 'vaccine', outletType: 'vaccine' }))).toBe(false);
  });
});
