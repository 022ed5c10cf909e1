import t from 'tap';
import { okSignature, okSignatureBase } from '../../src/networks/ok-signature.js';

// Worked by hand with coreutils, independent of the code under test:
//   printf '%s' 'tkn1testSECRETKEY' | md5sum                       → 32b51b8fc3ae5549e50c44e5226ab361
//   printf '%s' '<sorted params>32b51b8fc3ae5549e50c44e5226ab361' | md5sum → e69a6f9b0a5808110d28455b09c46596
const params = {
  method: 'mediatopic.post',
  application_key: 'CBAKEY',
  gid: '53038939046008',
  type: 'GROUP_THEME',
  attachment: '{"media":[{"type":"text","text":"Вакансия"}]}',
  format: 'json',
  // never part of the signed string
  access_token: 'tkn1test',
  session_key: 'ignored',
};

t.test('joins the sorted params without access_token/session_key', async (t) => {
  t.equal(
    okSignatureBase(params),
    'application_key=CBAKEYattachment={"media":[{"type":"text","text":"Вакансия"}]}format=jsongid=53038939046008method=mediatopic.posttype=GROUP_THEME',
  );
});

t.test('sig = md5(joined + md5(access_token + secret)), lower-case hex', async (t) => {
  t.equal(okSignature(params, 'tkn1test', 'SECRETKEY'), 'e69a6f9b0a5808110d28455b09c46596');
});

t.test('a different secret gives a different signature', async (t) => {
  t.not(okSignature(params, 'tkn1test', 'OTHER'), 'e69a6f9b0a5808110d28455b09c46596');
});
